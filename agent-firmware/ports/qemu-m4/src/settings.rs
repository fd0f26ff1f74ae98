//! The agent image's settings, given as `key=value` words on QEMU's command line
//! (`-append "id=dev-1 server=10.0.2.100:8080 token=T"`), so one image serves every test.

use alloc::string::String;

/// What the agent image needs to join a fleet.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Device id (`id=`).
    pub device_id: String,
    /// Server HTTP address as seen from the board, `IPv4:port` (`server=`).
    pub server: String,
    /// Enrollment token (`token=`).
    pub token: String,
    /// Host file holding the flash image (`flash=`, default `pyrite-flash.bin`).
    pub flash_file: String,
}

impl Settings {
    /// Parses the words; unknown keys are an error so typos do not pass silently.
    pub fn parse<'a>(words: impl Iterator<Item = &'a str>) -> Result<Settings, String> {
        let mut s = Settings {
            flash_file: String::from("pyrite-flash.bin"),
            ..Settings::default()
        };
        for word in words {
            let Some((key, value)) = word.split_once('=') else {
                return Err(alloc::format!("expected key=value, got {word:?}"));
            };
            let slot = match key {
                "id" => &mut s.device_id,
                "server" => &mut s.server,
                "token" => &mut s.token,
                "flash" => &mut s.flash_file,
                _ => return Err(alloc::format!("unknown setting {key:?}")),
            };
            *slot = String::from(value);
        }
        if s.device_id.is_empty() || s.server.is_empty() {
            return Err(String::from("id= and server= are required"));
        }
        Ok(s)
    }
}
