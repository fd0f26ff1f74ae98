//! Enrollment (PROTOCOL.md §3): one HTTP POST with the fleet's token, answered with the MQTT
//! credentials and the trusted keys, which the port persists and reuses on every boot.

use alloc::string::String;
use alloc::vec::Vec;

use embassy_net::{IpEndpoint, Stack};
use pyrite_protocol::enroll::{ENROLL_PATH, EnrollRequest, EnrollResponse};
use pyrite_protocol::{DeviceId, PROTOCOL_VERSION};

use crate::http::{self, HttpError};

/// Why enrollment failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrollError {
    /// The request could not be exchanged.
    Http(HttpError),
    /// The server answered with this status (401 bad token, 409 id taken, 400 bad request).
    Refused(u16),
    /// The answer is not a valid enrollment response.
    BadResponse,
}

impl core::fmt::Display for EnrollError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EnrollError::Http(e) => write!(f, "enrollment: {e}"),
            EnrollError::Refused(401) => f.write_str("enrollment refused: wrong token (401)"),
            EnrollError::Refused(409) => {
                f.write_str("enrollment refused: id already enrolled (409)")
            }
            EnrollError::Refused(code) => write!(f, "enrollment refused with status {code}"),
            EnrollError::BadResponse => f.write_str("enrollment answer is not valid"),
        }
    }
}

/// Enrolls `device_id` with `token` at the server's HTTP endpoint; returns the response and its
/// JSON text (what the port persists).
#[allow(clippy::too_many_arguments)]
pub async fn enroll(
    stack: Stack<'_>,
    server: IpEndpoint,
    host: &str,
    device_id: &DeviceId,
    token: &str,
    agent_version: &str,
    interpreter_version: &str,
) -> Result<(EnrollResponse, Vec<u8>), EnrollError> {
    let request = EnrollRequest {
        device_id: device_id.clone(),
        enroll_token: String::from(token),
        agent_version: String::from(agent_version),
        interpreter_version: String::from(interpreter_version),
        protocol: PROTOCOL_VERSION,
    };
    let body = serde_json::to_vec(&request).map_err(|_| EnrollError::BadResponse)?;
    let response = http::post_json(stack, server, host, ENROLL_PATH, &body)
        .await
        .map_err(EnrollError::Http)?;
    if response.status != 200 {
        return Err(EnrollError::Refused(response.status));
    }
    let parsed = parse(&response.body)?;
    Ok((parsed, response.body))
}

/// Parses a persisted (or just received) enrollment answer.
pub fn parse(json: &[u8]) -> Result<EnrollResponse, EnrollError> {
    let parsed: EnrollResponse =
        serde_json::from_slice(json).map_err(|_| EnrollError::BadResponse)?;
    if parsed.trusted_keys.is_empty() {
        // PROTOCOL.md §3: no bundle may be accepted before a non-empty trusted key set.
        return Err(EnrollError::BadResponse);
    }
    Ok(parsed)
}
