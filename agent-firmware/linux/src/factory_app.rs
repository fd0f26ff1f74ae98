//! A "factory image": an app folder built into a bundle at start-up and
//! signed with a key made for this run, installed on blank devices so they
//! run something without a server (demos, load tests against a bare broker).
//! It goes through the same verification as any download.

use std::path::Path;

use pyrite_protocol::keyfile::{
    DirBundleOptions, bundle_from_dir, random_secret_key, read_secret_key, write_secret_key,
};
use pyrite_protocol::keys::{PublicKey, SecretKey};

/// A built and signed factory app.
pub struct FactoryApp {
    key: SecretKey,
    /// The bundle file's bytes.
    pub bundle: Vec<u8>,
}

impl FactoryApp {
    /// Builds `dir` (which must hold `main.py`) as sequence 1, so that any
    /// real deployment is newer. The signing key is kept at `key_file` when
    /// given (a device keeps trusting it across restarts: its installed
    /// factory app must still verify at the next boot), else made for this run.
    pub fn build(dir: &Path, key_file: Option<&Path>) -> anyhow::Result<FactoryApp> {
        if !dir.join("main.py").is_file() {
            anyhow::bail!("{} has no main.py", dir.display());
        }
        let key = match key_file {
            Some(path) if path.is_file() => read_secret_key(path)?,
            Some(path) => {
                let key = random_secret_key()?;
                write_secret_key(path, &key)?;
                key
            }
            None => random_secret_key()?,
        };
        let mut opts = DirBundleOptions::new("factory");
        opts.sequence = Some(1);
        let bundle = bundle_from_dir(dir, &key, &opts)?;
        Ok(FactoryApp { key, bundle })
    }

    /// The key devices must trust to accept it.
    pub fn public_key(&self) -> PublicKey {
        self.key.public_key()
    }
}
