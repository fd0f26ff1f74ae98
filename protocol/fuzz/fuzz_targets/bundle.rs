//! Bundle parser and streaming verifier on arbitrary bytes: the first byte picks a chunk size,
//! the rest is fed as a bundle. Whole and streamed verification must agree; nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_protocol::bundle::{Manifest, StreamingVerifier, inspect, verify};
use pyrite_protocol::keys::{SecretKey, TrustedKeys};

fuzz_target!(|data: &[u8]| {
    let Some((&step, bytes)) = data.split_first() else {
        return;
    };
    let trusted = TrustedKeys::new([SecretKey::from_seed(&[1; 32]).public_key()]).unwrap();
    let _ = inspect(bytes);
    let _ = Manifest::decode(bytes);
    let whole = verify(bytes, &trusted, 0);
    let mut v = StreamingVerifier::new(trusted, 0).interpreter_version("0.1.0");
    let mut streamed = Ok(());
    for chunk in bytes.chunks(usize::from(step).max(1)) {
        streamed = v.feed(chunk);
        if streamed.is_err() {
            break;
        }
    }
    let streamed = streamed.and_then(|_| v.finish());
    assert_eq!(whole.is_ok(), streamed.is_ok());
});
