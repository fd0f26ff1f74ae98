//! The fleet server against a real Mosquitto (PYRITE_TEST_MOSQUITTO) started
//! on a free port with the configuration `pyrite-fleet mosquitto-config`
//! writes: devices log in with their enrollment credentials, and the ACL
//! keeps each device to its own topics.

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::{ENV_MOSQUITTO, service_from_env};
use rumqttc::QoS;
use serde_json::json;
use std::time::Duration;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mosquitto_acl_isolates_devices() {
    let test = "mosquitto_acl_isolates_devices";
    let Some(mosquitto) = service_from_env(ENV_MOSQUITTO, test) else {
        return;
    };
    let data = temp_dir("mosq-data");
    let broker = Mosquitto::start(&mosquitto, &data, None);
    let (port, conf_dir) = (broker.port, broker.conf_dir.clone());
    let acl = std::fs::read_to_string(conf_dir.join("acl")).unwrap();
    assert!(acl.contains("pattern write pyrite/v1/dev/%u/up/#"), "{acl}");
    let args = broker.serve_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let s = Server::start_in(data.clone(), &args).await;

    let e1 = s.enroll("m1").await;
    let e2 = s.enroll("m2").await;
    assert_eq!(e1.mqtt.port, port);
    let passwords = std::fs::read_to_string(conf_dir.join("passwords")).unwrap();
    assert!(
        passwords.contains("m1:$7$") && passwords.contains("m2:$7$"),
        "{passwords}"
    );
    // Mosquitto reloads on SIGHUP; give it a moment.
    tokio::time::sleep(Duration::from_millis(700)).await;

    let mut bad = FakeDevice::new("m1", "m1", "wrong", port);
    assert!(
        matches!(bad.connect().await, Connected::No(_)),
        "wrong password refused"
    );

    let mut d1 = FakeDevice::enrolled(&e1, port);
    assert_eq!(d1.connect().await, Connected::Yes);
    d1.client
        .subscribe("pyrite/v1/dev/m1/down/#", QoS::AtLeastOnce)
        .await
        .unwrap();
    d1.birth(None).await;
    d1.pump(Duration::from_millis(300)).await;
    s.wait_device("m1", "online via Mosquitto", |v| v["online"] == 1)
        .await;

    // m2 tries to read m1's commands and to speak for m1.
    let mut d2 = FakeDevice::enrolled(&e2, port);
    assert_eq!(d2.connect().await, Connected::Yes);
    check_neighbour_cannot_reach(&s, &mut d1, &mut d2, "m1").await;

    // Revocation removes m2 from the password file: it can no longer log in.
    let (st, _) = s.post("/api/v1/devices/m2/revoke", &json!({})).await;
    assert_eq!(st, 204);
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut again = FakeDevice::enrolled(&e2, port);
    assert!(
        matches!(again.connect().await, Connected::No(_)),
        "revoked device refused by Mosquitto"
    );
}
