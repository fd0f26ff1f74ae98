//! Commands on local files: key pairs and bundles (no server needed).

use crate::services::bundle_format;
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;

/// `keys generate NAME`: NAME.key (owner-only) and NAME.pub.
pub fn keys_generate(name: &Path) -> anyhow::Result<()> {
    let g = pyrite_protocol::keyfile::generate(name)?;
    println!(
        "wrote {} (secret) and {} (key id {})",
        g.secret_path.display(),
        g.public_path.display(),
        g.key_id
    );
    Ok(())
}

fn read_files(dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "__pycache__" {
                continue;
            }
            if e.file_type()?.is_dir() {
                stack.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(dir)?
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(e.path())?));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `bundle build DIR --key K --version V -o OUT`.
pub fn bundle_build(
    dir: &Path,
    key: &Path,
    app: &str,
    version: &str,
    sequence: Option<u64>,
    entry: &str,
    out: &Path,
) -> anyhow::Result<()> {
    let key = pyrite_protocol::keyfile::read_secret_key(key)?;
    // Default sequence: seconds since 2020-01-01, so a later build is always newer.
    let sequence =
        sequence.unwrap_or_else(|| (chrono::Utc::now().timestamp() - 1_577_836_800).max(1) as u64);
    let bytes = bundle_format::build(app, version, entry, sequence, read_files(dir)?, &key)
        .map_err(|e| anyhow::anyhow!(e))?;
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {} ({} bytes, app {app} {version}, sequence {sequence}, sha256 {})",
        out.display(),
        bytes.len(),
        crate::services::bundle_files::sha256_hex(&bytes)
    );
    Ok(())
}

/// `bundle inspect FILE`.
pub fn bundle_inspect(file: &Path, _json: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let text = bundle_format::inspect(&bytes).map_err(|e| anyhow::anyhow!(e))?;
    println!("{text}");
    Ok(())
}

/// `bundle verify FILE --pubkey P`: exit 0 when valid, 1 with a one-line reason otherwise.
pub fn bundle_verify(file: &Path, pubkey: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let key = pyrite_protocol::keyfile::read_public_key(pubkey)?;
    match bundle_format::verify(&bytes, &[key]) {
        Ok(v) => {
            println!(
                "valid: {} {} (sequence {}), signed by {}",
                v.app, v.version, v.sequence, v.key_id
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            eprintln!("invalid: {reason}");
            Ok(ExitCode::FAILURE)
        }
    }
}
