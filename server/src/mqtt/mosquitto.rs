//! Configuration for an external Mosquitto broker: `mosquitto.conf`, a
//! password file in Mosquitto's `$7$` format (the server stores device
//! password hashes in that format, so it can write them without knowing the
//! passwords) and an ACL file confining each device to its own topics.

use pyrite_protocol::topics;
use std::path::Path;

/// MQTT username of the fleet server itself on an external broker.
pub const SERVER_USERNAME: &str = "pyrite-server";

/// Unacknowledged QoS 1 messages Mosquitto sends a client at once.
pub const SERVER_INFLIGHT: u32 = 200;
/// Messages Mosquitto holds for a client that is behind before it drops any.
pub const SERVER_QUEUED: u32 = 1_000_000;

/// `mosquitto.conf` for a listener on `listen_port` (all interfaces unless
/// `bind` is given), pointing at the password and ACL files in `dir`.
pub fn render_conf(dir: &Path, bind: Option<&str>, listen_port: u16) -> String {
    let bind = bind.map(|b| format!(" {b}")).unwrap_or_default();
    format!(
        "# Written by `pyrite-fleet mosquitto-config`.\n\
         per_listener_settings false\n\
         allow_anonymous false\n\
         listener {listen_port}{bind}\n\
         password_file {}\n\
         acl_file {}\n\
         persistence false\n\
         max_packet_size 524288\n\
         # The server acknowledges device messages once it has queued them and\n\
         # stops reading while its ingest queue is full: in a burst Mosquitto\n\
         # holds the backlog for it (default: drop beyond 1000 queued messages).\n\
         max_inflight_messages {SERVER_INFLIGHT}\n\
         max_queued_messages {SERVER_QUEUED}\n",
        dir.join("passwords").display(),
        dir.join("acl").display()
    )
}

/// The password file: the server's login, then every enrolled, non-revoked
/// device (`(id, $7$ hash)`).
pub fn render_passwords(server_hash: &str, devices: &[(String, String)]) -> String {
    let mut out = format!("{SERVER_USERNAME}:{server_hash}\n");
    for (id, hash) in devices {
        out.push_str(&format!("{id}:{hash}\n"));
    }
    out
}

/// The ACL file: the server may use every Pyrite topic; a device (its
/// username is its id, `%u`) may write only its `up/` and read only its
/// `down/` topics.
pub fn render_acl() -> String {
    let example = pyrite_protocol::DeviceId::new("DEVICE").expect("valid example id");
    let write = topics::device_write_pattern(&example).replace("DEVICE", "%u");
    let read = topics::device_read_pattern(&example).replace("DEVICE", "%u");
    format!(
        "# Written by `pyrite-fleet mosquitto-config`.\n\
         user {SERVER_USERNAME}\n\
         topic readwrite {root}/#\n\
         \n\
         # Every other user is a device whose username is its id.\n\
         pattern write {write}\n\
         pattern read {read}\n",
        root = topics::ROOT
    )
}

/// Writes the three files into `dir` (created if needed). The password file
/// is owner-readable only.
pub fn write_files(
    dir: &Path,
    bind: Option<&str>,
    port: u16,
    server_hash: &str,
    devices: &[(String, String)],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let dir = std::fs::canonicalize(dir)?;
    std::fs::write(dir.join("mosquitto.conf"), render_conf(&dir, bind, port))?;
    std::fs::write(dir.join("acl"), render_acl())?;
    write_passwords(&dir, server_hash, devices)
}

/// Rewrites only the password file (after an enrollment or revocation),
/// atomically, owner-readable only.
pub fn write_passwords(
    dir: &Path,
    server_hash: &str,
    devices: &[(String, String)],
) -> std::io::Result<()> {
    let tmp = dir.join(".passwords.tmp");
    std::fs::write(&tmp, render_passwords(server_hash, devices))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(tmp, dir.join("passwords"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acl_confines_devices() {
        let acl = render_acl();
        assert!(acl.contains("pattern write pyrite/v1/dev/%u/up/#"));
        assert!(acl.contains("pattern read pyrite/v1/dev/%u/down/#"));
        assert!(acl.contains("user pyrite-server\ntopic readwrite pyrite/v1/#"));
    }

    #[test]
    fn conf_lets_mosquitto_hold_a_burst_for_the_server() {
        let conf = render_conf(Path::new("/etc/pyrite"), Some("127.0.0.1"), 1883);
        assert!(conf.contains("listener 1883 127.0.0.1\n"));
        assert!(conf.contains("max_queued_messages 1000000\n"));
        assert!(conf.contains("max_inflight_messages 200\n"));
    }
}
