//! Key rotation pushed by the fleet server (PROTOCOL.md §11).
//!
//! With the real `pyrite-agent`: the operator rotates the fleet's keys with
//! `pyrite-fleet keys rotate` (signed by the server's key, then offline with
//! `--sign-with` while the device is down); the device takes up both
//! rotations (the second when it comes back), the server records its
//! acknowledgement, and the device then refuses a bundle signed by the
//! retired key and runs one signed by the new key. Run on the embedded
//! broker with SQLite, and on PostgreSQL + Mosquitto when both are set.
//!
//! With a protocol-level fake device: a device offline during two rotations
//! receives both, oldest first, each verifiable with the keys it holds; a
//! device that enrolls after a rotation gets the new set and sequence; forged,
//! replayed and empty rotations are refused through the API.

#[path = "server_support.rs"]
mod support;

#[path = "agent_support.rs"]
mod agent_support;

use std::path::Path;
use std::time::Duration;

use agent_support::*;
use pyrite_protocol::keys::{PublicKey, SecretKey, TrustedKeys};
use pyrite_protocol::messages;
use pyrite_protocol::rotation::{sign_key_rotation, verify_key_rotation};
use pyrite_protocol::topics::TopicKind;
use serde_json::{Value, json};
use support::*;

/// A bundle signed with `key`.
fn signed_by(key: &SecretKey, app: &str, sequence: u64, main: &str) -> Vec<u8> {
    let mut b = pyrite_protocol::bundle::BundleBuilder::new(app, format!("1.{sequence}"), sequence);
    b.add_file("main.py", main.as_bytes().to_vec())
        .expect("main.py");
    b.sign(key).expect("sign")
}

fn server_key(data: &Path) -> SecretKey {
    pyrite_protocol::keyfile::read_secret_key(&data.join("server.key")).expect("server key")
}

async fn key_status(s: &Server) -> Value {
    let (st, v) = s.get("/api/v1/keys/rotation").await;
    assert_eq!(st, 200, "{v}");
    v
}

async fn wait_acknowledged(s: &Server, sequence: i64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let v = key_status(s).await;
        if v["sequence"] == sequence && v["acknowledged"] == v["devices"] {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "devices never acknowledged key set {sequence}: {v}\nlog:\n{}",
            s.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn agent_rotation(test: &str, backend: Backend) {
    let Some(bin) = agent_binary() else {
        panic!("{test}: the pyrite-agent binary is missing: run `cargo build -p pyrite-agent`");
    };
    let fleet = Fleet::start("keys-e2e", &backend).await;
    let s = &fleet.server;
    let token = s.enroll_token().await;
    let state = s.data.join("dev-k1");
    let mut agent = start_agent(&bin, s, &token, "k1", &state, &[]);
    s.wait_device("k1", "online", |v| v["online"] == 1).await;
    let old = server_key(&s.data);
    let old_id = old.public_key().id().to_string();

    // The server's key works: a bundle it signed runs.
    let sha1 = upload(s, signed_by(&old, "keys", 10, "print('old key')\n")).await;
    let r1 = rollout(s, &sha1, "k1").await;
    s.wait_rollout(&r1, "first bundle", |v| v["state"] == "completed")
        .await;
    // Signed by the key about to be retired, uploaded while it is trusted.
    let sha_retired = upload(s, signed_by(&old, "keys", 20, "print('retired')\n")).await;

    // Rotation 1, signed by the server: trust fleet2, retire the server's key.
    let dir = s.data.join("operator");
    std::fs::create_dir_all(&dir).unwrap();
    let g2 = pyrite_protocol::keyfile::generate(&dir.join("fleet2")).unwrap();
    let out = cli(
        s,
        &[
            "keys",
            "rotate",
            "--add",
            g2.public_path.to_str().unwrap(),
            "--retire",
            &old_id,
        ],
    );
    assert!(out.contains("key set 1"), "{out}");
    let v = wait_acknowledged(s, 1).await;
    assert_eq!(v["keys"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["keys"][0]["name"], "fleet2", "{v}");
    assert_eq!(v["signer"], old_id.as_str());
    let d = s
        .wait_device("k1", "key set 1", |d| d["key_set_sequence"] == 1)
        .await;
    assert_eq!(device_info(&d)["key_set_sequence"], 1);
    // The agent kept the new set on disk, for its next start.
    let creds = std::fs::read_to_string(state.join("credentials.json")).unwrap();
    let fleet2 = pyrite_protocol::keyfile::read_public_key(&g2.public_path).unwrap();
    assert!(creds.contains(&fleet2.to_base64()), "{creds}");

    // The server's key is retired: the server cannot sign any more.
    let (st, e) = s
        .post(
            "/api/v1/keys/rotate",
            &json!({"add": [{"public_key": old.public_key().to_text()}]}),
        )
        .await;
    assert_eq!(st, 409, "{e}");
    // Bundles it signs are refused at upload too.
    let (st, e) = s
        .post_bytes(
            "/api/v1/bundles",
            signed_by(&old, "keys", 21, "print('too late')\n"),
        )
        .await;
    assert_eq!(st, 422, "{e}");

    // Rotation 2, signed offline with fleet2 while the device is down: add fleet3.
    drop(agent);
    s.wait_device("k1", "offline", |v| v["online"] == 0).await;
    let g3 = pyrite_protocol::keyfile::generate(&dir.join("fleet3")).unwrap();
    let out = cli(
        s,
        &[
            "keys",
            "rotate",
            "--add",
            g3.public_path.to_str().unwrap(),
            "--sign-with",
            g2.secret_path.to_str().unwrap(),
        ],
    );
    assert!(out.contains("key set 2"), "{out}");
    let v = key_status(s).await;
    assert_eq!(
        (v["acknowledged"].as_i64(), v["devices"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(v["pending"], json!(["k1"]));
    // The device returns and converges from the retained rotation.
    agent = start_agent(&bin, s, &token, "k1", &state, &[]);
    let v = wait_acknowledged(s, 2).await;
    assert_eq!(v["signer"], g2.key_id.to_string().as_str());
    let status = cli(s, &["keys", "status"]);
    assert!(status.contains("1 of 1 devices"), "{status}");

    // A bundle signed by the retired key is refused by the device itself.
    let r2 = rollout(s, &sha_retired, "k1").await;
    let halted = s
        .wait_rollout(&r2, "retired-key bundle refused", |v| {
            v["state"] == "rolled_back" || v["state"] == "failed"
        })
        .await;
    let error = halted["devices"][0]["error"].as_str().unwrap_or("");
    assert!(error.contains("unknown_key"), "{halted}");
    s.wait_device("k1", "still on the first bundle", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;

    // One signed by the new key runs.
    let k2 = pyrite_protocol::keyfile::read_secret_key(&g2.secret_path).unwrap();
    let sha3 = upload(s, signed_by(&k2, "keys", 30, "print('new key')\n")).await;
    let r3 = rollout(s, &sha3, "k1").await;
    s.wait_rollout(&r3, "new-key bundle", |v| v["state"] == "completed")
        .await;
    s.wait_device("k1", "runs the new-key bundle", |v| {
        v["running_bundle"] == sha3.as_str()
    })
    .await;
    drop(agent);
    fleet.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn agent_takes_up_rotations_and_refuses_the_retired_key_embedded() {
    agent_rotation(
        "agent_takes_up_rotations_and_refuses_the_retired_key_embedded",
        Backend::Embedded,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn agent_takes_up_rotations_and_refuses_the_retired_key_postgres_mosquitto() {
    let test = "agent_takes_up_rotations_and_refuses_the_retired_key_postgres_mosquitto";
    let Some(backend) = Backend::postgres_mosquitto(test) else {
        return;
    };
    agent_rotation(test, backend).await;
}

/// Waits for the next `down/keys` message.
async fn next_rotation(d: &mut FakeDevice) -> messages::KeyRotation {
    loop {
        let Some((topic, payload)) = d.next_publish(Duration::from_secs(10)).await else {
            panic!("no key rotation arrived");
        };
        if topic == d.topic(TopicKind::Keys) {
            return messages::decode_key_rotation(&payload).expect("a valid rotation");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn offline_device_gets_every_missed_rotation_in_order() {
    let s = Server::start("keys-fake", &[]).await;
    let e = s.enroll("f1").await;
    assert_eq!(e.key_set_sequence, 0);
    let old = server_key(&s.data);
    assert_eq!(e.trusted_keys, vec![old.public_key()]);

    // Refused: a set signed by a key the fleet does not trust, an empty
    // change, retiring an unknown key, a rotation that skips a sequence.
    let stranger = SecretKey::from_seed(&[42; 32]);
    let forged = sign_key_rotation(1, vec![stranger.public_key()], &stranger).unwrap();
    let (st, err) = s
        .post("/api/v1/keys/rotate", &json!({ "rotation": forged }))
        .await;
    assert_eq!(
        (st, err["error"]["code"].as_str()),
        (400, Some("invalid_request")),
        "{err}"
    );
    let (st, _) = s.post("/api/v1/keys/rotate", &json!({})).await;
    assert_eq!(st, 400);
    let (st, _) = s
        .post(
            "/api/v1/keys/rotate",
            &json!({"retire": ["0011223344556677"]}),
        )
        .await;
    assert_eq!(st, 400);
    let skipping = sign_key_rotation(5, vec![stranger.public_key()], &old).unwrap();
    let (st, _) = s
        .post("/api/v1/keys/rotate", &json!({ "rotation": skipping }))
        .await;
    assert_eq!(st, 409);
    assert_eq!(key_status(&s).await["sequence"], 0, "nothing changed");

    // Two rotations while f1 is offline: add k2 (server-signed), then
    // retire the server's key (signed by k2).
    let k2 = SecretKey::from_seed(&[2; 32]);
    let (st, v) = s
        .post(
            "/api/v1/keys/rotate",
            &json!({"add": [{"public_key": k2.public_key().to_text(), "name": "k2"}]}),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["sequence"], 1);
    let second = sign_key_rotation(2, vec![k2.public_key()], &k2).unwrap();
    let (st, v) = s
        .post("/api/v1/keys/rotate", &json!({ "rotation": second }))
        .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        (v["sequence"].as_i64(), v["acknowledged"].as_i64()),
        (Some(2), Some(0))
    );
    // A replay of the last one is refused.
    let (st, _) = s
        .post("/api/v1/keys/rotate", &json!({ "rotation": second }))
        .await;
    assert_eq!(st, 409);

    // f1 connects and announces key set 0: it gets 1 then 2, each signed by
    // a key it trusts at that point.
    let mut d = FakeDevice::enrolled(&e, s.mqtt_port);
    assert_eq!(d.connect().await, Connected::Yes);
    d.client
        .subscribe(
            format!("{}/down/#", pyrite_protocol::topics::device_root(&d.id)),
            rumqttc::QoS::AtLeastOnce,
        )
        .await
        .unwrap();
    d.pump(Duration::from_millis(300)).await;
    d.birth(None).await;
    let mut trusted = TrustedKeys::new(e.trusted_keys.iter().copied()).unwrap();
    let mut sequence = e.key_set_sequence;
    let mut seen = Vec::new();
    while sequence < 2 {
        let r = next_rotation(&mut d).await;
        seen.push(r.sequence);
        if r.sequence != sequence + 1 {
            // The retained latest set, delivered on subscribing, before the catch-up.
            continue;
        }
        trusted = verify_key_rotation(&r, &trusted, sequence).expect("verifies with the keys held");
        sequence = r.sequence;
    }
    assert!(seen.ends_with(&[1, 2]), "caught up in order: {seen:?}");
    assert_eq!(trusted.keys(), &[k2.public_key()]);
    // Its birth with the new sequence is the acknowledgement.
    let mut b = birth_message();
    b.key_set_sequence = sequence;
    d.send(TopicKind::Status, &b).await;
    d.pump(Duration::from_millis(300)).await;
    wait_acknowledged(&s, 2).await;

    // A device enrolling now gets the rotated set and its sequence.
    let e2 = s.enroll("f2").await;
    assert_eq!(e2.key_set_sequence, 2);
    let keys: Vec<PublicKey> = e2.trusted_keys.clone();
    assert_eq!(keys, vec![k2.public_key()]);
    let v = key_status(&s).await;
    assert_eq!(
        (v["devices"].as_i64(), v["acknowledged"].as_i64()),
        (Some(2), Some(2)),
        "{v}"
    );
    // The OpenAPI document names the endpoints.
    let (_, doc) = s.get("/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/keys/rotate"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/keys/rotation"]["get"].is_object());
}
