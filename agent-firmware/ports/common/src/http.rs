//! The smallest HTTP/1.1 client enrollment needs: one POST of a JSON body, `Connection: close`,
//! and the status and body of the answer.

use alloc::string::String;
use alloc::vec::Vec;

use embassy_net::tcp::TcpSocket;
use embassy_net::{IpEndpoint, Stack};
use embassy_time::Duration;
use embedded_io_async::Write;

/// Largest response accepted (an enrollment answer is well under 2 KiB).
pub const MAX_RESPONSE: usize = 16 * 1024;

/// Why an HTTP exchange failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpError {
    /// The TCP connection could not be opened.
    Connect,
    /// Sending the request or reading the answer failed.
    Io,
    /// The answer is not HTTP/1.x or is too large.
    Malformed,
}

impl core::fmt::Display for HttpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            HttpError::Connect => "cannot connect to the server",
            HttpError::Io => "HTTP exchange interrupted",
            HttpError::Malformed => "malformed or oversized HTTP response",
        })
    }
}

/// An HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// POSTs `body` as JSON to `path` on `server` (`host` is sent as the Host header).
pub async fn post_json(
    stack: Stack<'_>,
    server: IpEndpoint,
    host: &str,
    path: &str,
    body: &[u8],
) -> Result<Response, HttpError> {
    let mut rx = [0u8; 1024];
    let mut tx = [0u8; 1024];
    let mut socket = TcpSocket::new(stack, &mut rx, &mut tx);
    socket.set_timeout(Some(Duration::from_secs(15)));
    socket
        .connect(server)
        .await
        .map_err(|_| HttpError::Connect)?;
    let mut head = String::new();
    // `fmt::Write` into a String cannot fail.
    let _ = core::fmt::write(
        &mut head,
        format_args!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ),
    );
    socket
        .write_all(head.as_bytes())
        .await
        .map_err(|_| HttpError::Io)?;
    socket.write_all(body).await.map_err(|_| HttpError::Io)?;
    socket.flush().await.map_err(|_| HttpError::Io)?;

    let mut raw = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        match socket.read(&mut buf).await {
            Ok(0) => break,
            Ok(n) => {
                if raw.len() + n > MAX_RESPONSE {
                    return Err(HttpError::Malformed);
                }
                raw.extend_from_slice(&buf[..n]);
            }
            // The server closing without a FIN handshake still delivered what it sent.
            Err(_) if !raw.is_empty() => break,
            Err(_) => return Err(HttpError::Io),
        }
    }
    socket.close();
    parse_response(&raw)
}

/// Splits a raw HTTP/1.x answer into status and body (honouring Content-Length when given).
pub fn parse_response(raw: &[u8]) -> Result<Response, HttpError> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(HttpError::Malformed)?;
    let head = core::str::from_utf8(&raw[..split]).map_err(|_| HttpError::Malformed)?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or(HttpError::Malformed)?;
    let mut parts = status_line.split(' ');
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/1.") {
        return Err(HttpError::Malformed);
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or(HttpError::Malformed)?;
    let mut body = &raw[split + 4..];
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                let len: usize = value.trim().parse().map_err(|_| HttpError::Malformed)?;
                body = body.get(..len).ok_or(HttpError::Malformed)?;
            } else if name.trim().eq_ignore_ascii_case("transfer-encoding") {
                // Chunked bodies are not needed for enrollment's small JSON answers.
                return Err(HttpError::Malformed);
            }
        }
    }
    Ok(Response {
        status,
        body: body.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_status_and_body_with_content_length() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 7\r\n\r\n{\"a\":1}trailing";
        let r = parse_response(raw).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, b"{\"a\":1}");
    }

    #[test]
    fn body_runs_to_close_without_length() {
        let r = parse_response(b"HTTP/1.0 401 Unauthorized\r\n\r\nno").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (401, b"no".as_slice()));
    }

    #[test]
    fn refuses_garbage_truncation_and_chunked() {
        assert_eq!(parse_response(b"hello"), Err(HttpError::Malformed));
        assert_eq!(
            parse_response(b"SSH-2.0\r\n\r\n"),
            Err(HttpError::Malformed)
        );
        assert_eq!(
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
            Err(HttpError::Malformed)
        );
        assert_eq!(
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello"),
            Err(HttpError::Malformed)
        );
        assert_eq!(
            parse_response(b"HTTP/1.1 abc\r\n\r\n"),
            Err(HttpError::Malformed)
        );
    }
}
