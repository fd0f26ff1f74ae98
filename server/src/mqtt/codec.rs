//! Just enough of MQTT 3.1.1 and 5 to police device traffic: frame packets,
//! read CONNECT, PUBLISH topics and SUBSCRIBE filters, and rewrite a
//! CONNECT's password. Everything else passes through as opaque bytes.
//!
//! Every parser works on untrusted bytes and returns an error, never panics.

use bytes::{BufMut, Bytes, BytesMut};

/// Why a packet could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodecError {
    /// More bytes are needed.
    #[error("incomplete packet")]
    Incomplete,
    /// The remaining-length field is malformed.
    #[error("malformed remaining length")]
    BadLength,
    /// The packet is larger than allowed.
    #[error("packet of {0} bytes exceeds the limit")]
    TooLarge(usize),
    /// A field is malformed.
    #[error("malformed {0}")]
    Malformed(&'static str),
}

/// MQTT control packet types we look inside.
pub const CONNECT: u8 = 1;
/// PUBLISH packet type.
pub const PUBLISH: u8 = 3;
/// SUBSCRIBE packet type.
pub const SUBSCRIBE: u8 = 8;

/// Splits one whole packet off the front of `buf`, if it holds one.
/// Returns the packet's bytes (fixed header included).
pub fn take_packet(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, CodecError> {
    if buf.len() < 2 {
        return Ok(None);
    }
    let mut len: usize = 0;
    let mut shift = 0;
    let mut i = 1;
    loop {
        let Some(&b) = buf.get(i) else {
            return Ok(None);
        };
        len |= ((b & 0x7f) as usize) << shift;
        i += 1;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 21 {
            return Err(CodecError::BadLength);
        }
    }
    let total = i + len;
    if total > max_len {
        return Err(CodecError::TooLarge(total));
    }
    if buf.len() < total {
        return Ok(None);
    }
    Ok(Some(buf.split_to(total).freeze()))
}

/// Offset of the variable header (after the fixed header) of a whole packet.
fn body_start(pkt: &[u8]) -> Result<usize, CodecError> {
    let mut i = 1;
    loop {
        let b = *pkt.get(i).ok_or(CodecError::Incomplete)?;
        i += 1;
        if b & 0x80 == 0 {
            return Ok(i);
        }
        if i > 5 {
            return Err(CodecError::BadLength);
        }
    }
}

/// A cursor over untrusted bytes.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u8(&mut self, what: &'static str) -> Result<u8, CodecError> {
        let b = *self.buf.get(self.pos).ok_or(CodecError::Malformed(what))?;
        self.pos += 1;
        Ok(b)
    }
    fn u16(&mut self, what: &'static str) -> Result<u16, CodecError> {
        Ok(u16::from_be_bytes([self.u8(what)?, self.u8(what)?]))
    }
    fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], CodecError> {
        let n = self.u16(what)? as usize;
        let end = self.pos.checked_add(n).ok_or(CodecError::Malformed(what))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or(CodecError::Malformed(what))?;
        self.pos = end;
        Ok(s)
    }
    fn string(&mut self, what: &'static str) -> Result<&'a str, CodecError> {
        std::str::from_utf8(self.bytes(what)?).map_err(|_| CodecError::Malformed(what))
    }
    fn varint(&mut self, what: &'static str) -> Result<usize, CodecError> {
        let mut v = 0usize;
        for shift in [0, 7, 14, 21] {
            let b = self.u8(what)?;
            v |= ((b & 0x7f) as usize) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(CodecError::Malformed(what))
    }
    /// Skips an MQTT 5 property block.
    fn skip_properties(&mut self) -> Result<(), CodecError> {
        let n = self.varint("properties")?;
        let end = self
            .pos
            .checked_add(n)
            .ok_or(CodecError::Malformed("properties"))?;
        if end > self.buf.len() {
            return Err(CodecError::Malformed("properties"));
        }
        self.pos = end;
        Ok(())
    }
}

/// The fields of a CONNECT packet the proxy needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connect {
    /// Protocol level: 4 (3.1.1) or 5.
    pub level: u8,
    /// Client id.
    pub client_id: String,
    /// Username, if given.
    pub username: Option<String>,
    /// Password, if given.
    pub password: Option<Vec<u8>>,
    /// Last Will topic, if any.
    pub will_topic: Option<String>,
    /// Bytes of the variable header plus the payload up to the username (kept verbatim).
    head: Vec<u8>,
    /// Connect flags byte offset inside `head`.
    flags_at: usize,
}

/// Parses a whole CONNECT packet.
pub fn parse_connect(pkt: &[u8]) -> Result<Connect, CodecError> {
    if pkt.first().map(|b| b >> 4) != Some(CONNECT) {
        return Err(CodecError::Malformed("connect: not a CONNECT"));
    }
    let start = body_start(pkt)?;
    let mut r = Reader {
        buf: pkt,
        pos: start,
    };
    let name = r.string("protocol name")?;
    if name != "MQTT" {
        return Err(CodecError::Malformed("protocol name"));
    }
    let level = r.u8("protocol level")?;
    if level != 4 && level != 5 {
        return Err(CodecError::Malformed("protocol level"));
    }
    let flags_at = r.pos - start;
    let flags = r.u8("connect flags")?;
    if flags & 1 != 0 {
        return Err(CodecError::Malformed("connect flags"));
    }
    r.u16("keep alive")?;
    if level == 5 {
        r.skip_properties()?;
    }
    let client_id = r.string("client id")?.to_string();
    let mut will_topic = None;
    if flags & 0x04 != 0 {
        if level == 5 {
            r.skip_properties()?;
        }
        will_topic = Some(r.string("will topic")?.to_string());
        r.bytes("will payload")?;
    }
    let head_end = r.pos;
    let username = if flags & 0x80 != 0 {
        Some(r.string("username")?.to_string())
    } else {
        None
    };
    let password = if flags & 0x40 != 0 {
        Some(r.bytes("password")?.to_vec())
    } else {
        None
    };
    if r.pos != pkt.len() {
        return Err(CodecError::Malformed("connect: trailing bytes"));
    }
    Ok(Connect {
        level,
        client_id,
        username,
        password,
        will_topic,
        head: pkt[start..head_end].to_vec(),
        flags_at,
    })
}

impl Connect {
    /// Re-encodes this CONNECT with another username and password, keeping
    /// everything else (client id, will, keep alive, properties) as sent.
    pub fn encode_with_credentials(
        &self,
        username: &str,
        password: &[u8],
    ) -> Result<Bytes, CodecError> {
        let mut body = self.head.clone();
        let flags = body
            .get_mut(self.flags_at)
            .ok_or(CodecError::Malformed("connect flags"))?;
        *flags |= 0xC0;
        let ulen = u16::try_from(username.len()).map_err(|_| CodecError::Malformed("username"))?;
        let plen = u16::try_from(password.len()).map_err(|_| CodecError::Malformed("password"))?;
        body.extend_from_slice(&ulen.to_be_bytes());
        body.extend_from_slice(username.as_bytes());
        body.extend_from_slice(&plen.to_be_bytes());
        body.extend_from_slice(password);
        let mut out = BytesMut::with_capacity(body.len() + 5);
        out.put_u8(CONNECT << 4);
        encode_varint(&mut out, body.len())?;
        out.extend_from_slice(&body);
        Ok(out.freeze())
    }
}

fn encode_varint(out: &mut BytesMut, mut n: usize) -> Result<(), CodecError> {
    if n > 268_435_455 {
        return Err(CodecError::TooLarge(n));
    }
    loop {
        let mut b = (n % 128) as u8;
        n /= 128;
        if n > 0 {
            b |= 0x80;
        }
        out.put_u8(b);
        if n == 0 {
            return Ok(());
        }
    }
}

/// The topic of a whole PUBLISH packet.
pub fn publish_topic(pkt: &[u8]) -> Result<&str, CodecError> {
    let start = body_start(pkt)?;
    let mut r = Reader {
        buf: pkt,
        pos: start,
    };
    r.string("publish topic")
}

/// The topic filters of a whole SUBSCRIBE packet.
pub fn subscribe_filters(pkt: &[u8], level: u8) -> Result<Vec<&str>, CodecError> {
    let start = body_start(pkt)?;
    let mut r = Reader {
        buf: pkt,
        pos: start,
    };
    r.u16("packet id")?;
    if level == 5 {
        r.skip_properties()?;
    }
    let mut filters = Vec::new();
    while r.pos < pkt.len() {
        filters.push(r.string("topic filter")?);
        r.u8("subscription options")?;
    }
    if filters.is_empty() {
        return Err(CodecError::Malformed("subscribe: no filters"));
    }
    Ok(filters)
}

/// A CONNACK refusing the connection: "not authorized" (3.1.1 code 5, MQTT 5 code 0x87).
pub fn connack_refused(level: u8) -> Bytes {
    if level == 5 {
        Bytes::from_static(&[0x20, 0x03, 0x00, 0x87, 0x00])
    } else {
        Bytes::from_static(&[0x20, 0x02, 0x00, 0x05])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(out: &mut Vec<u8>, v: &[u8]) {
        out.extend_from_slice(&(v.len() as u16).to_be_bytes());
        out.extend_from_slice(v);
    }

    fn connect_v4(
        client: &str,
        user: Option<&str>,
        pass: Option<&str>,
        will: Option<&str>,
    ) -> Vec<u8> {
        let mut body = Vec::new();
        s(&mut body, b"MQTT");
        body.push(4);
        let mut flags = 0x02;
        if will.is_some() {
            flags |= 0x04;
        }
        if user.is_some() {
            flags |= 0x80;
        }
        if pass.is_some() {
            flags |= 0x40;
        }
        body.push(flags);
        body.extend_from_slice(&60u16.to_be_bytes());
        s(&mut body, client.as_bytes());
        if let Some(w) = will {
            s(&mut body, w.as_bytes());
            s(&mut body, b"offline");
        }
        if let Some(u) = user {
            s(&mut body, u.as_bytes());
        }
        if let Some(p) = pass {
            s(&mut body, p.as_bytes());
        }
        let mut out = BytesMut::new();
        out.put_u8(0x10);
        encode_varint(&mut out, body.len()).unwrap();
        out.extend_from_slice(&body);
        out.to_vec()
    }

    #[test]
    fn connect_round_trip_and_rewrite() {
        let pkt = connect_v4(
            "dev1",
            Some("dev1"),
            Some("pw"),
            Some("pyrite/v1/dev/dev1/status"),
        );
        let c = parse_connect(&pkt).unwrap();
        assert_eq!(c.client_id, "dev1");
        assert_eq!(c.username.as_deref(), Some("dev1"));
        assert_eq!(c.password.as_deref(), Some(&b"pw"[..]));
        assert_eq!(c.will_topic.as_deref(), Some("pyrite/v1/dev/dev1/status"));
        let re = c
            .encode_with_credentials("dev1", b"internal-secret")
            .unwrap();
        let c2 = parse_connect(&re).unwrap();
        assert_eq!(c2.password.as_deref(), Some(&b"internal-secret"[..]));
        assert_eq!((c2.client_id, c2.will_topic), (c.client_id, c.will_topic));
        // Without credentials the rewrite adds them.
        let bare = parse_connect(&connect_v4("x", None, None, None)).unwrap();
        let re = parse_connect(&bare.encode_with_credentials("x", b"s").unwrap()).unwrap();
        assert_eq!(re.username.as_deref(), Some("x"));
    }

    #[test]
    fn framing_waits_and_limits() {
        let pkt = connect_v4("dev1", Some("dev1"), Some("pw"), None);
        let mut buf = BytesMut::from(&pkt[..5]);
        assert_eq!(take_packet(&mut buf, 1024), Ok(None));
        buf.extend_from_slice(&pkt[5..]);
        buf.extend_from_slice(&[0xC0, 0x00]); // PINGREQ
        assert_eq!(
            take_packet(&mut buf, 1024).unwrap().unwrap().as_ref(),
            &pkt[..]
        );
        assert_eq!(
            take_packet(&mut buf, 1024).unwrap().unwrap().as_ref(),
            &[0xC0, 0x00]
        );
        let mut big = BytesMut::from(&[0x30, 0xFF, 0xFF, 0x7F][..]);
        assert!(matches!(
            take_packet(&mut big, 1024),
            Err(CodecError::TooLarge(_))
        ));
        let mut bad = BytesMut::from(&[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01][..]);
        assert_eq!(
            take_packet(&mut bad, usize::MAX),
            Err(CodecError::BadLength)
        );
    }

    #[test]
    fn publish_and_subscribe_fields() {
        let mut p = vec![0x30, 0];
        s(&mut p, b"a/b");
        p.extend_from_slice(b"payload");
        p[1] = (p.len() - 2) as u8;
        assert_eq!(publish_topic(&p).unwrap(), "a/b");
        let mut sub = vec![0x82, 0, 0, 1];
        s(&mut sub, b"a/#");
        sub.push(1);
        s(&mut sub, b"b/+");
        sub.push(0);
        sub[1] = (sub.len() - 2) as u8;
        assert_eq!(subscribe_filters(&sub, 4).unwrap(), vec!["a/#", "b/+"]);
    }

    #[test]
    fn garbage_never_panics() {
        // Every prefix and every single-byte corruption of valid packets is an
        // error or a value, never a panic.
        let pkt = connect_v4("dev1", Some("dev1"), Some("pw"), Some("w/t"));
        for n in 0..pkt.len() {
            let _ = parse_connect(&pkt[..n]);
            let _ = publish_topic(&pkt[..n]);
            let _ = subscribe_filters(&pkt[..n], 5);
            for bit in 0..8 {
                let mut c = pkt.clone();
                c[n] ^= 1 << bit;
                let _ = parse_connect(&c);
                let _ = subscribe_filters(&c, 4);
                let mut b = BytesMut::from(&c[..]);
                let _ = take_packet(&mut b, 64);
            }
        }
    }
}
