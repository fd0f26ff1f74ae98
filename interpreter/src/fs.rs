//! The filesystem behind `os` and `open()`: a trait the embedder provides (`FileSystem`,
//! reached through `Host::fs`), errno-style errors, path resolution against a working
//! directory, an in-memory implementation (`MemFs`, usable on a device without flash) and the
//! VM helpers that turn an `FsError` into the matching `OSError` subclass.
//!
//! # Contract
//! Paths reach the trait exactly as the script wrote them (relative or absolute); an
//! implementation resolves them against its working directory with [`resolve`], which yields
//! an absolute, normalised, `/`-separated path (`.` and `..` folded, never above `/`).
//! Every method has a default that fails with `EOPNOTSUPP`, so an embedder implements only
//! what its storage supports (a read-only flash image needs `read` and `stat` only).
//!
//! Files are read and written whole or appended to; `open()` in the stdlib builds buffered
//! file objects on these calls (`read`/`read_range` for "r", `write` then `append` for "w",
//! `append` for "a").
//!
//! ```
//! use pyrite::fs::{FileSystem, MemFs, errno};
//! let mut fs = MemFs::new();
//! fs.mkdir("data").unwrap();
//! fs.chdir("data").unwrap();
//! fs.write("log.txt", b"a\n").unwrap();
//! fs.append("/data/log.txt", b"b\n").unwrap();
//! assert_eq!(fs.read("log.txt").unwrap(), b"a\nb\n");
//! assert_eq!(fs.listdir("/data").unwrap(), vec!["log.txt".to_string()]);
//! assert_eq!(fs.rmdir("/data").unwrap_err().errno(), errno::ENOTEMPTY);
//! ```

use crate::exceptions::kind;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// The errno numbers the interpreter knows (Linux values, as CPython and MicroPython report).
pub mod errno {
    /// Operation not permitted.
    pub const EPERM: i32 = 1;
    /// No such file or directory.
    pub const ENOENT: i32 = 2;
    /// I/O error.
    pub const EIO: i32 = 5;
    /// Bad file descriptor.
    pub const EBADF: i32 = 9;
    /// Out of memory.
    pub const ENOMEM: i32 = 12;
    /// Permission denied.
    pub const EACCES: i32 = 13;
    /// File exists.
    pub const EEXIST: i32 = 17;
    /// Cross-device link.
    pub const EXDEV: i32 = 18;
    /// No such device.
    pub const ENODEV: i32 = 19;
    /// Not a directory.
    pub const ENOTDIR: i32 = 20;
    /// Is a directory.
    pub const EISDIR: i32 = 21;
    /// Invalid argument.
    pub const EINVAL: i32 = 22;
    /// No space left on device.
    pub const ENOSPC: i32 = 28;
    /// Read-only file system.
    pub const EROFS: i32 = 30;
    /// File name too long.
    pub const ENAMETOOLONG: i32 = 36;
    /// Directory not empty.
    pub const ENOTEMPTY: i32 = 39;
    /// Operation not supported.
    pub const EOPNOTSUPP: i32 = 95;
    /// Connection timed out.
    pub const ETIMEDOUT: i32 = 110;
}

/// A filesystem error: an errno number (see [`errno`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FsError(pub i32);

impl FsError {
    /// No such file or directory.
    pub const NOT_FOUND: FsError = FsError(errno::ENOENT);
    /// The embedder's filesystem does not support this operation.
    pub const UNSUPPORTED: FsError = FsError(errno::EOPNOTSUPP);

    /// The errno number.
    pub fn errno(self) -> i32 {
        self.0
    }

    /// CPython's `strerror` text for the number ("No such file or directory").
    pub fn strerror(self) -> &'static str {
        use errno::*;
        match self.0 {
            EPERM => "Operation not permitted",
            ENOENT => "No such file or directory",
            EIO => "Input/output error",
            EBADF => "Bad file descriptor",
            ENOMEM => "Cannot allocate memory",
            EACCES => "Permission denied",
            EEXIST => "File exists",
            EXDEV => "Invalid cross-device link",
            ENODEV => "No such device",
            ENOTDIR => "Not a directory",
            EISDIR => "Is a directory",
            EINVAL => "Invalid argument",
            ENOSPC => "No space left on device",
            EROFS => "Read-only file system",
            ENAMETOOLONG => "File name too long",
            ENOTEMPTY => "Directory not empty",
            EOPNOTSUPP => "Operation not supported",
            ETIMEDOUT => "Connection timed out",
            _ => "Unknown error",
        }
    }
}

impl core::fmt::Display for FsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "[Errno {}] {}", self.0, self.strerror())
    }
}

/// What `stat` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStat {
    /// A directory (else a regular file).
    pub is_dir: bool,
    /// Size in bytes (0 for directories).
    pub size: u64,
    /// Modification time, seconds since the Unix epoch (0 if unknown).
    pub mtime_s: u64,
}

/// Storage the embedder provides for `os` and `open()` (see the module docs for the contract).
///
/// All methods default to `Err(FsError::UNSUPPORTED)` except `getcwd` ("/") and `read_range`
/// (a slice of `read`), so an implementation overrides only what it supports.
pub trait FileSystem {
    /// The whole content of a file (`ENOENT` if absent, `EISDIR` for a directory).
    fn read(&mut self, path: &str) -> Result<Vec<u8>, FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
    /// Up to `len` bytes from `offset` (fewer at the end of the file; empty past it).
    fn read_range(&mut self, path: &str, offset: u64, len: usize) -> Result<Vec<u8>, FsError> {
        let data = self.read(path)?;
        let start = (offset.min(data.len() as u64)) as usize;
        let end = start.saturating_add(len).min(data.len());
        Ok(data[start..end].to_vec())
    }
    /// Creates or truncates a file and writes `data` (`ENOENT` if the parent is missing).
    fn write(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let _ = (path, data);
        Err(FsError::UNSUPPORTED)
    }
    /// Appends `data`, creating the file if absent.
    fn append(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let _ = (path, data);
        Err(FsError::UNSUPPORTED)
    }
    /// Type, size and modification time.
    fn stat(&mut self, path: &str) -> Result<FileStat, FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
    /// Names in a directory (no `.`/`..`), sorted.
    fn listdir(&mut self, path: &str) -> Result<Vec<String>, FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
    /// Deletes a file (`EISDIR`/`EPERM` for a directory).
    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
    /// Renames a file or directory (replacing a file at `to`).
    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let _ = (from, to);
        Err(FsError::UNSUPPORTED)
    }
    /// Creates a directory (`EEXIST` if present, `ENOENT` if the parent is missing).
    fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
    /// Removes an empty directory (`ENOTEMPTY` otherwise).
    fn rmdir(&mut self, path: &str) -> Result<(), FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
    /// Capacity for `os.statvfs(path)` (`EOPNOTSUPP` by default: a filesystem that cannot
    /// tell).
    fn statvfs(&mut self, _path: &str) -> Result<FsUsage, FsError> {
        Err(FsError::UNSUPPORTED)
    }
    /// The working directory, absolute.
    fn getcwd(&mut self) -> String {
        String::from("/")
    }
    /// Changes the working directory (`ENOENT`/`ENOTDIR` if `path` is not a directory).
    fn chdir(&mut self, path: &str) -> Result<(), FsError> {
        let _ = path;
        Err(FsError::UNSUPPORTED)
    }
}

/// Resolves `path` against the absolute directory `cwd`: an absolute, normalised path
/// (`resolve("/a/b", "../c/./d")` = `"/a/c/d"`; `..` at the root stays at the root).
pub fn resolve(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let full_rel = !path.starts_with('/');
    if full_rel {
        parts.extend(cwd.split('/').filter(|p| !p.is_empty() && *p != "."));
    }
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::new();
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Splits an absolute normalised path into (parent, name); `None` for the root.
fn split_parent(abs: &str) -> Option<(&str, &str)> {
    if abs == "/" {
        return None;
    }
    let i = abs.rfind('/')?;
    let parent = if i == 0 { "/" } else { &abs[..i] };
    Some((parent, &abs[i + 1..]))
}

enum Node {
    File(Vec<u8>, u64),
    Dir,
}

/// What `os.statvfs` reports: sizes in blocks of `block_size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FsUsage {
    /// Bytes per block (`f_bsize`, `f_frsize`).
    pub block_size: u32,
    /// Blocks in the filesystem (`f_blocks`).
    pub blocks: u64,
    /// Free blocks (`f_bfree`, `f_bavail`).
    pub free_blocks: u64,
    /// Longest file name (`f_namemax`).
    pub name_max: u32,
}

/// An in-memory filesystem (no_std): directories and files in a map, with a working
/// directory. For devices without flash storage, tests and simulators.
pub struct MemFs {
    nodes: BTreeMap<String, Node>,
    cwd: String,
    /// Returned as `mtime_s` of files written from now on (the embedder may advance it).
    pub now_s: u64,
    /// Total file bytes allowed (`ENOSPC` beyond).
    pub capacity: usize,
}

impl Default for MemFs {
    fn default() -> Self {
        MemFs::new()
    }
}

impl MemFs {
    /// An empty filesystem with only `/`, unlimited capacity.
    pub fn new() -> MemFs {
        let mut nodes = BTreeMap::new();
        nodes.insert(String::from("/"), Node::Dir);
        MemFs {
            nodes,
            cwd: String::from("/"),
            now_s: 0,
            capacity: usize::MAX,
        }
    }

    fn abs(&self, path: &str) -> Result<String, FsError> {
        if path.is_empty() {
            return Err(FsError::NOT_FOUND);
        }
        Ok(resolve(&self.cwd, path))
    }

    fn used(&self) -> usize {
        self.nodes
            .values()
            .map(|n| match n {
                Node::File(d, _) => d.len(),
                Node::Dir => 0,
            })
            .sum()
    }

    fn check_parent(&self, abs: &str) -> Result<(), FsError> {
        let (parent, _) = split_parent(abs).ok_or(FsError(errno::EISDIR))?;
        match self.nodes.get(parent) {
            Some(Node::Dir) => Ok(()),
            Some(Node::File(..)) => Err(FsError(errno::ENOTDIR)),
            None => Err(FsError::NOT_FOUND),
        }
    }

    fn children<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = if dir == "/" {
            String::from("/")
        } else {
            format!("{}/", dir)
        };
        self.nodes
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(prefix.as_str()))
            .map(|(k, _)| k.as_str())
            .filter(move |k| k.len() > dir.len() && !k[dir.len() + 1..].contains('/'))
            .filter(|k| *k != "/")
    }
}

impl FileSystem for MemFs {
    fn statvfs(&mut self, path: &str) -> Result<FsUsage, FsError> {
        self.abs(path)?;
        // 512-byte blocks; an unlimited MemFs reports 1 GiB so scripts see room.
        const BLOCK: u64 = 512;
        let cap = (self.capacity as u64).min(1 << 30);
        let used = self.used() as u64;
        Ok(FsUsage {
            block_size: BLOCK as u32,
            blocks: cap / BLOCK,
            free_blocks: cap.saturating_sub(used) / BLOCK,
            name_max: 255,
        })
    }
    fn read(&mut self, path: &str) -> Result<Vec<u8>, FsError> {
        match self.nodes.get(&self.abs(path)?) {
            Some(Node::File(d, _)) => Ok(d.clone()),
            Some(Node::Dir) => Err(FsError(errno::EISDIR)),
            None => Err(FsError::NOT_FOUND),
        }
    }
    fn read_range(&mut self, path: &str, offset: u64, len: usize) -> Result<Vec<u8>, FsError> {
        match self.nodes.get(&self.abs(path)?) {
            Some(Node::File(d, _)) => {
                let start = offset.min(d.len() as u64) as usize;
                let end = start.saturating_add(len).min(d.len());
                Ok(d[start..end].to_vec())
            }
            Some(Node::Dir) => Err(FsError(errno::EISDIR)),
            None => Err(FsError::NOT_FOUND),
        }
    }
    fn write(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let abs = self.abs(path)?;
        self.check_parent(&abs)?;
        let old = match self.nodes.get(&abs) {
            Some(Node::Dir) => return Err(FsError(errno::EISDIR)),
            Some(Node::File(d, _)) => d.len(),
            None => 0,
        };
        if self.used() - old + data.len() > self.capacity {
            return Err(FsError(errno::ENOSPC));
        }
        self.nodes
            .insert(abs, Node::File(data.to_vec(), self.now_s));
        Ok(())
    }
    fn append(&mut self, path: &str, data: &[u8]) -> Result<(), FsError> {
        let abs = self.abs(path)?;
        self.check_parent(&abs)?;
        if self.used().saturating_add(data.len()) > self.capacity {
            return Err(FsError(errno::ENOSPC));
        }
        let now = self.now_s;
        match self.nodes.get_mut(&abs) {
            Some(Node::Dir) => Err(FsError(errno::EISDIR)),
            Some(Node::File(d, t)) => {
                d.extend_from_slice(data);
                *t = now;
                Ok(())
            }
            None => {
                self.nodes.insert(abs, Node::File(data.to_vec(), now));
                Ok(())
            }
        }
    }
    fn stat(&mut self, path: &str) -> Result<FileStat, FsError> {
        match self.nodes.get(&self.abs(path)?) {
            Some(Node::File(d, t)) => Ok(FileStat {
                is_dir: false,
                size: d.len() as u64,
                mtime_s: *t,
            }),
            Some(Node::Dir) => Ok(FileStat {
                is_dir: true,
                size: 0,
                mtime_s: 0,
            }),
            None => Err(FsError::NOT_FOUND),
        }
    }
    fn listdir(&mut self, path: &str) -> Result<Vec<String>, FsError> {
        let abs = self.abs(path)?;
        match self.nodes.get(&abs) {
            Some(Node::Dir) => {}
            Some(Node::File(..)) => return Err(FsError(errno::ENOTDIR)),
            None => return Err(FsError::NOT_FOUND),
        }
        let skip = if abs == "/" { 1 } else { abs.len() + 1 };
        Ok(self.children(&abs).map(|k| k[skip..].to_string()).collect())
    }
    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let abs = self.abs(path)?;
        match self.nodes.get(&abs) {
            Some(Node::File(..)) => {
                self.nodes.remove(&abs);
                Ok(())
            }
            Some(Node::Dir) => Err(FsError(errno::EISDIR)),
            None => Err(FsError::NOT_FOUND),
        }
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let a = self.abs(from)?;
        let b = self.abs(to)?;
        if !self.nodes.contains_key(&a) {
            return Err(FsError::NOT_FOUND);
        }
        if a == b {
            return Ok(());
        }
        if a == "/" || b.starts_with(&format!("{}/", a)) {
            return Err(FsError(errno::EINVAL));
        }
        self.check_parent(&b)?;
        let src_dir = matches!(self.nodes.get(&a), Some(Node::Dir));
        match self.nodes.get(&b) {
            Some(Node::Dir) if !src_dir => return Err(FsError(errno::EISDIR)),
            Some(Node::Dir) if self.children(&b).next().is_some() => {
                return Err(FsError(errno::ENOTEMPTY));
            }
            Some(Node::File(..)) if src_dir => return Err(FsError(errno::ENOTDIR)),
            _ => {}
        }
        let prefix = format!("{}/", a);
        let moved: Vec<String> = self
            .nodes
            .keys()
            .filter(|k| **k == a || k.starts_with(&prefix))
            .cloned()
            .collect();
        for k in moved {
            if let Some(n) = self.nodes.remove(&k) {
                let nk = format!("{}{}", b, &k[a.len()..]);
                self.nodes.insert(nk, n);
            }
        }
        Ok(())
    }
    fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        let abs = self.abs(path)?;
        if self.nodes.contains_key(&abs) {
            return Err(FsError(errno::EEXIST));
        }
        self.check_parent(&abs)?;
        self.nodes.insert(abs, Node::Dir);
        Ok(())
    }
    fn rmdir(&mut self, path: &str) -> Result<(), FsError> {
        let abs = self.abs(path)?;
        match self.nodes.get(&abs) {
            Some(Node::Dir) if abs == "/" => Err(FsError(errno::EBADF)),
            Some(Node::Dir) => {
                if self.children(&abs).next().is_some() {
                    return Err(FsError(errno::ENOTEMPTY));
                }
                self.nodes.remove(&abs);
                if self.cwd == abs || self.cwd.starts_with(&format!("{}/", abs)) {
                    self.cwd = String::from("/");
                }
                Ok(())
            }
            Some(Node::File(..)) => Err(FsError(errno::ENOTDIR)),
            None => Err(FsError::NOT_FOUND),
        }
    }
    fn getcwd(&mut self) -> String {
        self.cwd.clone()
    }
    fn chdir(&mut self, path: &str) -> Result<(), FsError> {
        let abs = self.abs(path)?;
        match self.nodes.get(&abs) {
            Some(Node::Dir) => {
                self.cwd = abs;
                Ok(())
            }
            Some(Node::File(..)) => Err(FsError(errno::ENOTDIR)),
            None => Err(FsError::NOT_FOUND),
        }
    }
}

/// The `OSError` subclass (exception kind) CPython uses for errno `n`, if any.
pub fn errno_exception_kind(n: i64) -> Option<usize> {
    let n = i32::try_from(n).ok()?;
    Some(match n {
        errno::ENOENT => kind::FILE_NOT_FOUND,
        errno::EEXIST => kind::FILE_EXISTS,
        errno::EISDIR => kind::IS_A_DIRECTORY,
        errno::ENOTDIR => kind::NOT_A_DIRECTORY,
        errno::EACCES | errno::EPERM => kind::PERMISSION,
        errno::ETIMEDOUT => kind::TIMEOUT,
        _ => return None,
    })
}

impl Vm {
    /// Runs `f` on the embedder's filesystem; errors become the matching `OSError` (naming
    /// `filename` as CPython does). Without a filesystem (`Host::fs` is `None`) it raises
    /// `OSError(EOPNOTSUPP)`.
    pub fn with_fs<R>(
        &mut self,
        filename: Option<&str>,
        f: impl FnOnce(&mut dyn FileSystem) -> Result<R, FsError>,
    ) -> Result<R, Exc> {
        let r = match self.host.fs() {
            Some(fs) => f(fs),
            None => Err(FsError::UNSUPPORTED),
        };
        r.map_err(|e| self.os_error(e, filename))
    }

    /// The `OSError` subclass CPython raises for `e` (FileNotFoundError for ENOENT, ...), with
    /// `errno`, `strerror` and `filename` set; `str()` is "[Errno 2] No such file or directory: 'x'".
    pub fn os_error(&mut self, e: FsError, filename: Option<&str>) -> Exc {
        let k = errno_exception_kind(e.0 as i64).unwrap_or(kind::OS);
        let msg = match self.new_str(e.strerror()) {
            Ok(v) => v,
            Err(x) => return x,
        };
        let ex = self.exc_args(k, vec![Value::Int(e.0 as i64), msg]);
        let fname = match filename {
            Some(f) => match self.new_str(f) {
                Ok(v) => v,
                Err(x) => return x,
            },
            None => Value::None,
        };
        for (name, v) in [("strerror", msg), ("filename", fname)] {
            let key = match self.intern(name) {
                Ok(k) => k,
                Err(x) => return x,
            };
            let h = self.str_hash(key);
            if let Value::Obj(r) = ex.0
                && let crate::object::Obj::Instance(i) = self.heap.get_mut(r)
            {
                i.dict.push_new(h, key, v);
            }
        }
        ex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_normalises() {
        assert_eq!(resolve("/a/b", "../c/./d"), "/a/c/d");
        assert_eq!(resolve("/", "../../x"), "/x");
        assert_eq!(resolve("/a", "/b//c/"), "/b/c");
        assert_eq!(resolve("/a", "."), "/a");
        assert_eq!(resolve("/a", ".."), "/");
    }

    #[test]
    fn memfs_errors_follow_posix() {
        let mut fs = MemFs::new();
        assert_eq!(fs.read("nope").unwrap_err(), FsError::NOT_FOUND);
        assert_eq!(fs.write("/d/x", b"1").unwrap_err(), FsError::NOT_FOUND);
        fs.mkdir("/d").unwrap();
        assert_eq!(fs.mkdir("/d").unwrap_err().errno(), errno::EEXIST);
        fs.write("/d/x", b"12").unwrap();
        assert_eq!(fs.read("/d").unwrap_err().errno(), errno::EISDIR);
        assert_eq!(fs.remove("/d").unwrap_err().errno(), errno::EISDIR);
        assert_eq!(fs.chdir("/d/x").unwrap_err().errno(), errno::ENOTDIR);
        assert_eq!(fs.stat("/d/x").unwrap().size, 2);
        fs.rename("/d", "/e").unwrap();
        assert_eq!(fs.listdir("/").unwrap(), vec![String::from("e")]);
        assert_eq!(fs.read_range("/e/x", 1, 10).unwrap(), b"2");
        fs.remove("/e/x").unwrap();
        fs.rmdir("/e").unwrap();
        fs.capacity = 3;
        fs.write("a", b"123").unwrap();
        assert_eq!(fs.append("a", b"4").unwrap_err().errno(), errno::ENOSPC);
    }
}
