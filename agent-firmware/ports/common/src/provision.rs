//! Settings written beside the image at flash time: one flash sector holding `key=value` lines,
//! so one built image serves every board (the ESP32-C3 keeps them in its `pyrite_cfg`
//! partition; see the ports README).
//!
//! ```text
//! # lines starting with '#' and blank lines are skipped
//! ssid=lab
//! password=secret
//! server=192.168.1.10:8080
//! token=3f...
//! id=esp-kitchen
//! ```
//!
//! The text ends at the first erased (`0xFF`) or NUL byte, so a sector that was never written
//! reads as "nothing provisioned" and the port falls back to what was compiled in. A value is
//! everything after the first `=` up to the line end (a trailing `\r` is dropped), so passwords
//! may contain `=` and spaces.

use alloc::format;
use alloc::string::String;

/// What the sector provisions; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provisioned {
    /// Wi-Fi network name (`ssid=`).
    pub ssid: Option<String>,
    /// Wi-Fi passphrase (`password=`; empty for an open network).
    pub password: Option<String>,
    /// The fleet server's HTTP API, `IPv4:port` (`server=`).
    pub server: Option<String>,
    /// The fleet's enrollment token (`token=`).
    pub token: Option<String>,
    /// The device id (`id=`).
    pub device_id: Option<String>,
}

/// Why the provisioning sector cannot be used (the operator must rewrite it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionError(pub String);

impl core::fmt::Display for ProvisionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "provisioning sector: {}", self.0)
    }
}

/// Parses a provisioning sector's bytes.
pub fn parse(sector: &[u8]) -> Result<Provisioned, ProvisionError> {
    let end = sector
        .iter()
        .position(|&b| b == 0xFF || b == 0)
        .unwrap_or(sector.len());
    let text = core::str::from_utf8(&sector[..end])
        .map_err(|_| ProvisionError(String::from("not UTF-8 text")))?;
    let mut out = Provisioned::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(ProvisionError(format!(
                "line {}: expected key=value",
                number + 1
            )));
        };
        let slot = match key.trim() {
            "ssid" => &mut out.ssid,
            "password" => &mut out.password,
            "server" => &mut out.server,
            "token" => &mut out.token,
            "id" => &mut out.device_id,
            other => {
                return Err(ProvisionError(format!(
                    "line {}: unknown key {other:?} (ssid, password, server, token, id)",
                    number + 1
                )));
            }
        };
        *slot = Some(String::from(value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erased_sector_provisions_nothing() {
        assert_eq!(parse(&[0xFF; 4096]), Ok(Provisioned::default()));
        assert_eq!(parse(&[]), Ok(Provisioned::default()));
    }

    #[test]
    fn lines_set_their_keys_and_the_text_ends_at_the_first_erased_byte() {
        let mut sector = [0xFFu8; 256];
        let text =
            b"# lab board\r\nssid=lab net\r\npassword= a=b \n\nserver=10.1.2.3:8080\nid=esp-1\n";
        sector[..text.len()].copy_from_slice(text);
        let p = parse(&sector).unwrap();
        assert_eq!(p.ssid.as_deref(), Some("lab net"));
        assert_eq!(p.password.as_deref(), Some(" a=b "));
        assert_eq!(p.server.as_deref(), Some("10.1.2.3:8080"));
        assert_eq!(p.device_id.as_deref(), Some("esp-1"));
        assert_eq!(p.token, None);
    }

    #[test]
    fn typos_and_garbage_are_errors() {
        assert!(
            parse(b"sid=lab\n")
                .unwrap_err()
                .0
                .contains("unknown key \"sid\"")
        );
        assert!(parse(b"ssid lab\n").unwrap_err().0.contains("line 1"));
        assert!(parse(&[b'i', b'd', b'=', 0xC3, 0x28]).is_err());
    }
}
