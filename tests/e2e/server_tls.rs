//! TLS on the fleet server's listeners: a self-signed certificate made in
//! the test (rcgen), `serve --tls-cert --tls-key --https ADDR --mqtts ADDR`.
//! A client that trusts the certificate reads the API over HTTPS and a
//! device enrolls over HTTPS, is sent to the TLS MQTT listener, connects
//! there with rumqttc over rustls and comes online; a plain-text client on
//! the TLS ports gets nothing, one that does not trust the certificate fails
//! its handshake, and a device on the TLS listener is held to its own
//! topics as on the plain one.

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::free_port;
use pyrite_protocol::DeviceId;
use pyrite_protocol::enroll::{EnrollRequest, EnrollResponse};
use pyrite_protocol::messages;
use pyrite_protocol::topics::{self, TopicKind};
use rumqttc::{AsyncClient, MqttOptions, QoS, TlsConfiguration, Transport};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

/// A client TLS configuration trusting only `cert`.
fn client_config(cert: &rustls::pki_types::CertificateDer<'static>) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.clone()).unwrap();
    rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth()
}

/// One HTTP/1.1 request over TLS to 127.0.0.1:`port`; returns (status, JSON body).
async fn https(
    config: &rustls::ClientConfig,
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&[u8]>,
) -> std::io::Result<(u16, Value)> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config.clone()));
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await?;
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = body.unwrap_or_default();
    req.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    ));
    tls.write_all(req.as_bytes()).await?;
    tls.write_all(body).await?;
    let mut resp = Vec::new();
    // A peer that closes without close_notify still gave us the response.
    let _ = tls.read_to_end(&mut resp).await;
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    // Chunked bodies (axum's default for streams) are not used by these JSON endpoints.
    let json = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut r = rest;
        while let Some((len, after)) = r.split_once("\r\n") {
            let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
            if n == 0 || after.len() < n {
                break;
            }
            out.push_str(&after[..n]);
            r = after[n..].trim_start_matches("\r\n");
        }
        out
    } else {
        rest.to_string()
    };
    Ok((status, serde_json::from_str(&json).unwrap_or(Value::Null)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn api_and_devices_over_tls_with_a_self_signed_certificate() {
    let data = temp_dir("tls");
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    std::fs::write(data.join("cert.pem"), ck.cert.pem()).unwrap();
    std::fs::write(data.join("key.pem"), ck.signing_key.serialize_pem()).unwrap();
    let (https_port, mqtts_port) = (free_port().unwrap(), free_port().unwrap());
    let https_addr = format!("127.0.0.1:{https_port}");
    let mqtts_addr = format!("127.0.0.1:{mqtts_port}");
    let cert = data.join("cert.pem").display().to_string();
    let key = data.join("key.pem").display().to_string();
    let s = Server::start_in(
        data.clone(),
        &[
            "--tls-cert",
            &cert,
            "--tls-key",
            &key,
            "--https",
            &https_addr,
            "--mqtts",
            &mqtts_addr,
        ],
    )
    .await;
    let config = client_config(ck.cert.der());

    // The API over HTTPS.
    let (st, v) = https(
        &config,
        https_port,
        "GET",
        "/api/v1/devices",
        Some(&s.token),
        None,
    )
    .await
    .unwrap();
    assert_eq!(st, 200, "{v}");
    let (st, _) = https(
        &config,
        https_port,
        "GET",
        "/api/v1/devices",
        Some("wrong"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(st, 401, "the token is still required over TLS");
    // Plain HTTP on the HTTPS port gets no HTTP answer.
    let plain = s
        .http
        .get(format!("http://127.0.0.1:{https_port}/healthz"))
        .timeout(Duration::from_secs(15))
        .send()
        .await;
    assert!(
        plain.is_err(),
        "plain HTTP answered on the TLS port: {plain:?}"
    );
    // A client that does not trust the certificate fails its handshake.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let untrusting = client_config(other.cert.der());
    assert!(
        https(&untrusting, https_port, "GET", "/healthz", None, None)
            .await
            .is_err(),
        "handshake with an untrusted certificate"
    );

    // A device enrolls over HTTPS and is sent to the TLS MQTT listener.
    let token = s.enroll_token().await;
    let req = EnrollRequest {
        device_id: DeviceId::new("tls1").unwrap(),
        enroll_token: token.clone(),
        agent_version: "0.1.0".into(),
        interpreter_version: "0.1.0".into(),
        protocol: pyrite_protocol::PROTOCOL_VERSION,
    };
    let body = serde_json::to_vec(&req).unwrap();
    let (st, v) = https(
        &config,
        https_port,
        "POST",
        "/api/v1/enroll",
        None,
        Some(&body),
    )
    .await
    .unwrap();
    assert_eq!(st, 200, "{v}");
    let e: EnrollResponse = serde_json::from_value(v).unwrap();
    assert!(e.mqtt.tls);
    assert_eq!(e.mqtt.port, mqtts_port);
    // Over plain HTTP a device is sent to the plain listener.
    let plain_e = s.enroll("plain1").await;
    assert!(!plain_e.mqtt.tls);
    assert_eq!(plain_e.mqtt.port, s.mqtt_port);

    let did = DeviceId::new("tls1").unwrap();
    let mut o = MqttOptions::new("tls1", "127.0.0.1", mqtts_port);
    o.set_credentials(&e.mqtt.username, &e.mqtt.password);
    o.set_keep_alive(Duration::from_secs(10));
    o.set_transport(Transport::tls_with_config(TlsConfiguration::from(
        config.clone(),
    )));
    let (client, events) = AsyncClient::new(o, 10);
    let mut d = FakeDevice {
        id: did.clone(),
        client,
        events,
    };
    assert_eq!(d.connect().await, Connected::Yes);
    d.client
        .subscribe(
            format!("{}/down/#", topics::device_root(&did)),
            QoS::AtLeastOnce,
        )
        .await
        .unwrap();
    d.birth(None).await;
    d.pump(Duration::from_millis(500)).await;
    s.wait_device("tls1", "online over TLS", |v| v["online"] == 1)
        .await;
    // Its own topics only, as on the plain listener.
    d.client
        .publish(
            topics::topic(&DeviceId::new("plain1").unwrap(), TopicKind::Heartbeat),
            QoS::AtLeastOnce,
            false,
            messages::encode(&birth_message()).unwrap(),
        )
        .await
        .unwrap();
    assert!(
        d.is_disconnected_within(Duration::from_secs(5)).await,
        "a device publishing on another's topic is cut off over TLS too"
    );

    // Plain MQTT on the TLS listener: no CONNACK.
    let mut p = FakeDevice::new("tls1", "tls1", &e.mqtt.password, mqtts_port);
    assert_ne!(p.connect().await, Connected::Yes);
}

/// A taken `--https` or `--mqtts` port stops `serve` at start, before it
/// writes its URL or serves anything (the TLS listeners are bound with the
/// plain ones, before the embedded broker picks its internal ports).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_tls_port_is_an_error_at_start() {
    let data = temp_dir("tls-taken");
    let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).unwrap();
    std::fs::write(data.join("cert.pem"), ck.cert.pem()).unwrap();
    std::fs::write(data.join("key.pem"), ck.signing_key.serialize_pem()).unwrap();
    let cert = data.join("cert.pem").display().to_string();
    let key = data.join("key.pem").display().to_string();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    for (flag, other, what) in [
        ("--https", "--mqtts", "HTTPS"),
        ("--mqtts", "--https", "MQTT over TLS"),
    ] {
        let _ = std::fs::remove_file(data.join("server-url"));
        let mut child = std::process::Command::new(fleet_binary())
            .args(["serve", "--http", "127.0.0.1:0", "--mqtt", "127.0.0.1:0"])
            .args(["--tls-cert", &cert, "--tls-key", &key, other, "127.0.0.1:0"])
            .args([flag, &taken_addr])
            .arg("--data")
            .arg(&data)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start serve");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(st) = child.try_wait().unwrap() {
                break st;
            }
            if std::time::Instant::now() > deadline {
                child.kill().ok();
                panic!("serve kept running with {flag} on a taken port");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert!(!status.success(), "{flag}: {err}");
        assert!(
            err.contains(&format!("cannot listen for {what} on {taken_addr}")),
            "{flag}: {err}"
        );
        assert!(
            !data.join("server-url").exists(),
            "{flag}: the server must stop before it serves anything"
        );
    }
    drop(taken);
}
