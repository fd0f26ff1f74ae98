//! Host helpers (feature `std`) for the operator CLI: key files and building a bundle from a
//! folder.
//!
//! `NAME.key` holds one line `pyrite-ed25519-key:<base64 seed>` and is created with mode 0600
//! on Unix; `NAME.pub` holds `pyrite-ed25519-pub:<base64>`. Both may carry `#` comment lines.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::string::{String, ToString};
use std::vec::Vec;

use crate::bundle::{BundleBuilder, BundleError};
use crate::error::ProtocolError;
use crate::keys::{KeyId, PublicKey, SecretKey};
use crate::limits::MAX_BUNDLE_SIZE;

/// Why a key file or folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A key file exists already (generation never overwrites).
    #[error("{0} exists already; not overwriting a key")]
    Exists(PathBuf),
    /// The file does not hold a key of the expected kind.
    #[error("{path}: {source}")]
    BadKey {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: ProtocolError,
    },
    /// The OS random generator failed.
    #[error("no OS randomness: {0}")]
    Random(String),
    /// The folder does not make a valid bundle.
    #[error("{0}")]
    Bundle(#[from] BundleError),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> KeyFileError + '_ {
    move |source| KeyFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A key pair that was written to disk.
#[derive(Debug, Clone)]
pub struct GeneratedKey {
    /// The secret key file (`NAME.key`).
    pub secret_path: PathBuf,
    /// The public key file (`NAME.pub`).
    pub public_path: PathBuf,
    /// The public key.
    pub public_key: PublicKey,
    /// Its id.
    pub key_id: KeyId,
}

/// Makes a new key pair from OS randomness.
pub fn random_secret_key() -> Result<SecretKey, KeyFileError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyFileError::Random(e.to_string()))?;
    let key = SecretKey::from_seed(&seed);
    seed.fill(0);
    Ok(key)
}

/// `name` with `ext` appended (`keys/fleet` → `keys/fleet.key`), keeping any dots in `name`.
fn with_ext(name: &Path, ext: &str) -> PathBuf {
    let mut s = name.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Generates a key pair and writes `NAME.key` (owner-only on Unix) and `NAME.pub`. Refuses
/// to overwrite either file.
pub fn generate(name: &Path) -> Result<GeneratedKey, KeyFileError> {
    let secret_path = with_ext(name, "key");
    let public_path = with_ext(name, "pub");
    for p in [&secret_path, &public_path] {
        if p.exists() {
            return Err(KeyFileError::Exists(p.clone()));
        }
    }
    let key = random_secret_key()?;
    let public_key = key.public_key();
    let key_id = public_key.id();
    write_secret_key(&secret_path, &key)?;
    let pub_text = format!(
        "# Pyrite bundle signing public key, id {key_id}\n{}\n",
        public_key.to_text()
    );
    fs::write(&public_path, pub_text).map_err(io_err(&public_path))?;
    Ok(GeneratedKey {
        secret_path,
        public_path,
        public_key,
        key_id,
    })
}

/// Writes a secret key file, created new with mode 0600 on Unix.
pub fn write_secret_key(path: &Path, key: &SecretKey) -> Result<(), KeyFileError> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyFileError::Exists(path.to_path_buf())
        } else {
            io_err(path)(e)
        }
    })?;
    let text = format!(
        "# Pyrite bundle signing SECRET key, id {}. Keep it offline.\n{}\n",
        key.public_key().id(),
        key.to_text()
    );
    f.write_all(text.as_bytes()).map_err(io_err(path))?;
    f.sync_all().map_err(io_err(path))
}

fn read_small(path: &Path) -> Result<String, KeyFileError> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    if bytes.len() > 4096 {
        return Err(KeyFileError::BadKey {
            path: path.to_path_buf(),
            source: ProtocolError::BadKey("file too large for a key"),
        });
    }
    String::from_utf8(bytes).map_err(|_| KeyFileError::BadKey {
        path: path.to_path_buf(),
        source: ProtocolError::BadKey("not UTF-8 text"),
    })
}

/// Reads a `NAME.key` file.
pub fn read_secret_key(path: &Path) -> Result<SecretKey, KeyFileError> {
    SecretKey::from_text(&read_small(path)?).map_err(|source| KeyFileError::BadKey {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a `NAME.pub` file.
pub fn read_public_key(path: &Path) -> Result<PublicKey, KeyFileError> {
    PublicKey::from_text(&read_small(path)?).map_err(|source| KeyFileError::BadKey {
        path: path.to_path_buf(),
        source,
    })
}

/// Options of [`bundle_from_dir`] beyond the folder and the key.
#[derive(Debug, Clone)]
pub struct DirBundleOptions {
    /// App name; default: the folder's name with characters outside `[A-Za-z0-9_.-]`
    /// replaced by `-`.
    pub app: Option<String>,
    /// Version string.
    pub version: String,
    /// Anti-rollback sequence; default: the creation time in Unix seconds, which grows with
    /// every build (pass an explicit one to build twice in a second or to control it).
    pub sequence: Option<u64>,
    /// Entry point; default `main.py`.
    pub entry: Option<String>,
    /// Minimum interpreter; default `0.1.0`.
    pub min_interpreter: Option<String>,
    /// Creation time; default now.
    pub created_at: Option<u64>,
}

impl DirBundleOptions {
    /// Defaults with the given version.
    pub fn new(version: impl Into<String>) -> Self {
        DirBundleOptions {
            app: None,
            version: version.into(),
            sequence: None,
            entry: None,
            min_interpreter: None,
            created_at: None,
        }
    }
}

/// Seconds since the Unix epoch now.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Builds and signs a bundle from every regular file under `dir` (recursively), skipping
/// names that start with `.` (hidden files and folders) and `__pycache__` folders. Paths in
/// the bundle are relative to `dir`, `/`-separated.
pub fn bundle_from_dir(
    dir: &Path,
    key: &SecretKey,
    opts: &DirBundleOptions,
) -> Result<Vec<u8>, KeyFileError> {
    let created_at = opts.created_at.unwrap_or_else(unix_now);
    let app = match &opts.app {
        Some(a) => a.clone(),
        None => app_name_from_dir(dir),
    };
    let mut b = BundleBuilder::new(
        app,
        opts.version.clone(),
        opts.sequence.unwrap_or(created_at),
    );
    b.created_at(created_at);
    if let Some(e) = &opts.entry {
        b.entry(e.clone());
    }
    if let Some(m) = &opts.min_interpreter {
        b.min_interpreter(m.clone());
    }
    let mut files = Vec::new();
    collect_files(dir, String::new(), &mut files)?;
    let mut total = 0u64;
    for (rel, path) in files {
        let bytes = fs::read(&path).map_err(io_err(&path))?;
        total += bytes.len() as u64;
        if total > u64::from(MAX_BUNDLE_SIZE) {
            return Err(BundleError::TooLarge {
                size: total,
                max: u64::from(MAX_BUNDLE_SIZE),
            }
            .into());
        }
        b.add_file(rel, bytes)?;
    }
    Ok(b.sign(key)?)
}

fn app_name_from_dir(dir: &Path) -> String {
    let base = fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "app".into());
    let name: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(crate::limits::MAX_NAME_LEN)
        .collect();
    if name.is_empty() { "app".into() } else { name }
}

fn collect_files(
    dir: &Path,
    prefix: String,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), KeyFileError> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(io_err(dir))?
        .collect::<Result<_, _>>()
        .map_err(io_err(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let Some(name) = name.to_str() else {
            return Err(BundleError::Malformed("file name is not UTF-8").into());
        };
        if name.starts_with('.') || name == "__pycache__" {
            continue;
        }
        let path = e.path();
        let meta = fs::metadata(&path).map_err(io_err(&path))?;
        let rel = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        if meta.is_dir() {
            collect_files(&path, rel, out)?;
        } else if meta.is_file() {
            out.push((rel, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::TrustedKeys;

    #[test]
    fn generate_read_and_build() {
        let tmp = tempfile::tempdir().unwrap();
        let name = tmp.path().join("fleet");
        let g = generate(&name).unwrap();
        assert!(matches!(generate(&name), Err(KeyFileError::Exists(_))));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&g.secret_path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sk = read_secret_key(&g.secret_path).unwrap();
        let pk = read_public_key(&g.public_path).unwrap();
        assert_eq!(sk.public_key(), pk);
        assert!(read_public_key(&g.secret_path).is_err());
        assert!(read_secret_key(&g.public_path).is_err());

        let app = tmp.path().join("my app");
        fs::create_dir_all(app.join("lib")).unwrap();
        fs::create_dir_all(app.join(".git")).unwrap();
        fs::write(app.join("main.py"), "print('hi')\n").unwrap();
        fs::write(app.join("lib/util.py"), "X = 1\n").unwrap();
        fs::write(app.join(".env"), "secret").unwrap();
        fs::write(app.join(".git/HEAD"), "ref").unwrap();
        let bytes = bundle_from_dir(&app, &sk, &DirBundleOptions::new("1.0.0")).unwrap();
        let trusted = TrustedKeys::new([pk]).unwrap();
        let v = crate::bundle::verify(&bytes, &trusted, 0).unwrap();
        assert_eq!(v.manifest.app, "my-app");
        let paths: Vec<_> = v.manifest.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["lib/util.py", "main.py"]);
        let view = crate::bundle::inspect(&bytes).unwrap();
        assert_eq!(view.file("main.py").unwrap(), b"print('hi')\n");
        let shown = view.to_string();
        assert!(
            shown.contains("lib/util.py") && shown.contains("my-app"),
            "{shown}"
        );

        // A folder without the entry point is refused.
        let empty = tmp.path().join("noentry");
        fs::create_dir_all(&empty).unwrap();
        fs::write(empty.join("other.py"), "").unwrap();
        assert!(bundle_from_dir(&empty, &sk, &DirBundleOptions::new("1")).is_err());
    }
}
