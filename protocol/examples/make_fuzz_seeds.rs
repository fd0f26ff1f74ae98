//! Writes seed inputs for the fuzz targets (`protocol/fuzz`): valid bundles signed by the key
//! the `bundle` target trusts (seed `[1; 32]`), and valid messages, so fuzzing starts deep
//! inside the accepted formats. Usage: `cargo run -p pyrite-protocol --example
//! make_fuzz_seeds -- protocol/fuzz/corpus`.

use std::path::PathBuf;

use pyrite_protocol::bundle::BundleBuilder;
use pyrite_protocol::chunk::ChunkFrame;
use pyrite_protocol::keys::SecretKey;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    let bundles = root.join("bundle");
    let messages = root.join("messages");
    std::fs::create_dir_all(&bundles)?;
    std::fs::create_dir_all(&messages)?;
    let key = SecretKey::from_seed(&[1; 32]);
    for (i, step) in [1u8, 7, 64, 255].into_iter().enumerate() {
        let mut b = BundleBuilder::new("seed", "1.0.0", 1 + i as u64);
        b.add_file("main.py", b"print('seed')\n".to_vec())?;
        for f in 0..i {
            b.add_file(format!("lib/m{f}.py"), vec![b'x'; 10 * f])?;
        }
        let mut input = vec![step];
        input.extend(b.sign(&key)?);
        std::fs::write(bundles.join(format!("seed{i}")), input)?;
    }
    let sha = "ab".repeat(32);
    let samples = [
        r#"{"protocol":1,"state":"online","agent_version":"0.1.0","interpreter_version":"0.1.0","free_ram":1,"free_flash":2}"#.to_string(),
        format!(r#"{{"protocol":1,"deployment":"d","bundle":{{"sha256":"{sha}","size":10,"sequence":1}}}}"#),
        format!(r#"{{"protocol":1,"state":"refused","reason":"unknown_key","sha256":"{sha}"}}"#),
        format!(r#"{{"sha256":"{sha}","offset":0,"chunk_size":2048,"count":8}}"#),
        r#"{"sent_at":1,"series":[{"name":"t","points":[[1,2.5]]}]}"#.into(),
        r#"{"type":"interrupt","session":"s","app":true}"#.into(),
        "pyrite/v1/dev/abc/up/report".into(),
        "offline".into(),
    ];
    for (i, s) in samples.iter().enumerate() {
        std::fs::write(messages.join(format!("seed{i}")), s)?;
    }
    let frame = ChunkFrame {
        bundle_sha256: [1; 32],
        offset: 0,
        total_len: 3,
        payload: b"abc",
    };
    std::fs::write(messages.join("frame"), frame.encode()?)?;
    println!("seeds written to {}", root.display());
    Ok(())
}
