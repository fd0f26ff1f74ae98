//! `StdFs`: the `FileSystem` of the `pyrite` command (std only), serving a folder of the host.
//!
//! Script paths are resolved against a virtual working directory (`fs::resolve`), then mapped
//! below `root`: with `root = "/"` (what the CLI uses) paths are the host's own, so
//! `open("data.txt")` and `open("/etc/hostname")` behave as in CPython; with another root a
//! script cannot reach outside it (`..` stops at the virtual `/`).

use crate::fs::{FileStat, FileSystem, FsError, FsUsage, errno, resolve};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::string::String;
use std::vec::Vec;

/// A host folder as the interpreter's filesystem.
#[derive(Debug, Clone)]
pub struct StdFs {
    root: PathBuf,
    cwd: String,
}

impl StdFs {
    /// Serves `root`, with the working directory at its top (`/`).
    pub fn new(root: impl Into<PathBuf>) -> StdFs {
        StdFs {
            root: root.into(),
            cwd: String::from("/"),
        }
    }

    /// The whole host filesystem, with the working directory of the process (the CLI's view).
    pub fn host() -> StdFs {
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|p| p.to_str().map(|s| resolve("/", &s.replace('\\', "/"))))
            .unwrap_or_else(|| String::from("/"));
        StdFs {
            root: PathBuf::from("/"),
            cwd,
        }
    }

    /// The host path of a script path.
    pub fn host_path(&self, path: &str) -> Result<PathBuf, FsError> {
        if path.is_empty() || path.contains('\0') {
            return Err(FsError::NOT_FOUND);
        }
        let abs = resolve(&self.cwd, path);
        Ok(self.root.join(abs.trim_start_matches('/')))
    }
}

/// The errno of a host I/O error.
pub fn io_errno(e: &std::io::Error) -> FsError {
    if let Some(n) = e.raw_os_error() {
        return FsError(n);
    }
    FsError(match e.kind() {
        ErrorKind::NotFound => errno::ENOENT,
        ErrorKind::PermissionDenied => errno::EACCES,
        ErrorKind::AlreadyExists => errno::EEXIST,
        ErrorKind::InvalidInput => errno::EINVAL,
        ErrorKind::TimedOut => errno::ETIMEDOUT,
        ErrorKind::OutOfMemory => errno::ENOMEM,
        ErrorKind::Unsupported => errno::EOPNOTSUPP,
        _ => errno::EIO,
    })
}

fn io<T>(r: std::io::Result<T>) -> Result<T, FsError> {
    r.map_err(|e| io_errno(&e))
}

fn not_dir_check(p: &Path) -> Result<(), FsError> {
    if p.is_dir() {
        return Err(FsError(errno::EISDIR));
    }
    Ok(())
}

impl FileSystem for StdFs {
    fn statvfs(&mut self, path: &str) -> Result<FsUsage, FsError> {
        let p = self.host_path(path)?;
        let st = rustix::fs::statvfs(&p).map_err(|e| FsError(e.raw_os_error()))?;
        Ok(FsUsage {
            block_size: u32::try_from(st.f_frsize).unwrap_or(u32::MAX),
            blocks: st.f_blocks,
            free_blocks: st.f_bavail,
            name_max: u32::try_from(st.f_namemax).unwrap_or(u32::MAX),
        })
    }
    fn read(&mut self, path: &str) -> Result<Vec<u8>, FsError> {
        let p = self.host_path(path)?;
        not_dir_check(&p)?;
        io(std::fs::read(p))
    }
    fn read_range(&mut self, path: &str, offset: u64, len: usize) -> Result<Vec<u8>, FsError> {
        use std::io::{Read, Seek, SeekFrom};
        let p = self.host_path(path)?;
        not_dir_check(&p)?;
        let mut f = io(std::fs::File::open(p))?;
        io(f.seek(SeekFrom::Start(offset)))?;
        let mut out = Vec::new();
        io(f.take(len as u64).read_to_end(&mut out))?;
        Ok(out)
    }
    fn write(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let p = self.host_path(path)?;
        io(std::fs::write(p, data))
    }
    fn append(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let p = self.host_path(path)?;
        let mut f = io(std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(p))?;
        io(f.write_all(data))
    }
    fn stat(&mut self, path: &str) -> Result<FileStat, FsError> {
        let p = self.host_path(path)?;
        let m = io(std::fs::metadata(p))?;
        let mtime_s = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Ok(FileStat {
            is_dir: m.is_dir(),
            size: if m.is_dir() { 0 } else { m.len() },
            mtime_s,
        })
    }
    fn listdir(&mut self, path: &str) -> Result<Vec<String>, FsError> {
        let p = self.host_path(path)?;
        let mut names = Vec::new();
        for e in io(std::fs::read_dir(p))? {
            let e = io(e)?;
            names.push(e.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }
    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.host_path(path)?;
        not_dir_check(&p)?;
        io(std::fs::remove_file(p))
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let a = self.host_path(from)?;
        let b = self.host_path(to)?;
        io(std::fs::rename(a, b))
    }
    fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.host_path(path)?;
        io(std::fs::create_dir(p))
    }
    fn rmdir(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.host_path(path)?;
        io(std::fs::remove_dir(p))
    }
    fn getcwd(&mut self) -> String {
        self.cwd.clone()
    }
    fn chdir(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.host_path(path)?;
        let m = io(std::fs::metadata(&p))?;
        if !m.is_dir() {
            return Err(FsError(errno::ENOTDIR));
        }
        self.cwd = resolve(&self.cwd, path);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdfs_round_trip_in_a_temp_folder() {
        let dir = std::env::temp_dir().join(format!("pyrite-stdfs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut fs = StdFs::new(&dir);
        fs.mkdir("sub").unwrap();
        assert_eq!(fs.mkdir("sub").unwrap_err().errno(), errno::EEXIST);
        fs.chdir("sub").unwrap();
        assert_eq!(fs.getcwd(), "/sub");
        fs.write("a.txt", b"hello").unwrap();
        fs.append("a.txt", b" world").unwrap();
        assert_eq!(fs.read("/sub/a.txt").unwrap(), b"hello world");
        assert_eq!(fs.read_range("a.txt", 6, 100).unwrap(), b"world");
        assert_eq!(fs.stat("a.txt").unwrap().size, 11);
        // `..` cannot leave the root.
        assert_eq!(fs.host_path("../../../a").unwrap(), dir.join("a"));
        assert_eq!(fs.read("missing").unwrap_err(), FsError::NOT_FOUND);
        assert_eq!(fs.read("/sub").unwrap_err().errno(), errno::EISDIR);
        fs.rename("a.txt", "b.txt").unwrap();
        assert_eq!(fs.listdir(".").unwrap(), vec![String::from("b.txt")]);
        assert_eq!(fs.rmdir("/sub").unwrap_err().errno(), errno::ENOTEMPTY);
        fs.remove("b.txt").unwrap();
        fs.chdir("/").unwrap();
        fs.rmdir("sub").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
