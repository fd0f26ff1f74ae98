//! Bundle bytes on disk, addressed by their sha256: `DATA/bundles/<sha256>.bundle`.
//! Writing the same bytes twice stores them once.

use sha2::Digest;
use std::path::{Path, PathBuf};

/// The folder of bundle files.
#[derive(Debug, Clone)]
pub struct BundleFiles {
    dir: PathBuf,
}

/// sha256 of bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

fn valid_sha(sha: &str) -> bool {
    sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

impl BundleFiles {
    /// Opens (creating) `data_dir/bundles`.
    pub fn open(data_dir: &Path) -> std::io::Result<BundleFiles> {
        let dir = data_dir.join("bundles");
        std::fs::create_dir_all(&dir)?;
        Ok(BundleFiles { dir })
    }

    fn path(&self, sha: &str) -> Option<PathBuf> {
        valid_sha(sha).then(|| self.dir.join(format!("{sha}.bundle")))
    }

    /// Stores bytes under their hash (atomically: temp file then rename).
    /// Returns the hash.
    pub async fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        let path = self
            .path(&sha)
            .ok_or_else(|| std::io::Error::other("bad hash"))?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(sha);
        }
        let tmp = self
            .dir
            .join(format!(".{sha}.{}", crate::secrets::random_hex(4)));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(sha)
    }

    /// Whether the file of a bundle is here.
    pub async fn exists(&self, sha: &str) -> bool {
        match self.path(sha) {
            Some(p) => tokio::fs::try_exists(p).await.unwrap_or(false),
            None => false,
        }
    }

    /// Reads a whole bundle.
    pub async fn get(&self, sha: &str) -> std::io::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(sha) else {
            return Ok(None);
        };
        match tokio::fs::read(path).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Reads `len` bytes at `offset` (fewer at the end of the file).
    pub async fn read_range(
        &self,
        sha: &str,
        offset: u64,
        len: usize,
    ) -> std::io::Result<Option<(Vec<u8>, u64)>> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt};
        let Some(path) = self.path(sha) else {
            return Ok(None);
        };
        let mut f = match tokio::fs::File::open(path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let total = f.metadata().await?.len();
        if offset >= total {
            return Ok(Some((Vec::new(), total)));
        }
        f.seek(std::io::SeekFrom::Start(offset)).await?;
        let want = len.min((total - offset) as usize);
        let mut buf = vec![0u8; want];
        f.read_exact(&mut buf).await?;
        Ok(Some((buf, total)))
    }

    /// Removes a bundle file (no error if absent).
    pub async fn delete(&self, sha: &str) -> std::io::Result<()> {
        let Some(path) = self.path(sha) else {
            return Ok(());
        };
        match tokio::fs::remove_file(path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn content_addressed_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap();
        let files = BundleFiles::open(dir.path()).unwrap();
        let a = files.put(b"hello bundle").await.unwrap();
        let b = files.put(b"hello bundle").await.unwrap();
        assert_eq!(a, b);
        assert_eq!(
            std::fs::read_dir(dir.path().join("bundles"))
                .unwrap()
                .count(),
            1
        );
        assert_eq!(
            files.read_range(&a, 6, 100).await.unwrap().unwrap(),
            (b"bundle".to_vec(), 12)
        );
        assert_eq!(files.get("../../etc/passwd").await.unwrap(), None);
        files.delete(&a).await.unwrap();
        assert_eq!(files.get(&a).await.unwrap(), None);
    }
}
