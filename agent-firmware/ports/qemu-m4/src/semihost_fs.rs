//! Host files through Arm semihosting: how the emulated board reads test programs and keeps
//! its persistent store on the host (paths are relative to QEMU's working directory).

use alloc::vec::Vec;

use cortex_m_semihosting::nr;

/// A semihosting call failed (the host's errno is not exposed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostIoError;

impl core::fmt::Display for HostIoError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("semihosting file operation failed")
    }
}

/// An open host file.
pub struct HostFile {
    handle: usize,
}

/// How to open a host file.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// Read only; the file must exist.
    Read,
    /// Read and write; the file must exist.
    ReadWrite,
    /// Create or truncate, then read and write.
    Create,
}

impl HostFile {
    /// Opens `path` on the host.
    pub fn open(path: &str, mode: Mode) -> Result<Self, HostIoError> {
        let mut name = Vec::with_capacity(path.len() + 1);
        name.extend_from_slice(path.as_bytes());
        name.push(0);
        let mode = match mode {
            Mode::Read => nr::open::R_BINARY,
            Mode::ReadWrite => nr::open::RW_BINARY,
            Mode::Create => nr::open::RW_TRUNC_BINARY,
        };
        // SAFETY: the parameter block points at a NUL-terminated name that outlives the call.
        let handle =
            unsafe { cortex_m_semihosting::syscall!(OPEN, name.as_ptr(), mode, path.len()) };
        if handle == usize::MAX {
            Err(HostIoError)
        } else {
            Ok(HostFile { handle })
        }
    }

    /// The file's length in bytes.
    pub fn len(&self) -> Result<usize, HostIoError> {
        // SAFETY: FLEN takes the handle only.
        let len = unsafe { cortex_m_semihosting::syscall!(FLEN, self.handle) };
        if len as isize == -1 {
            Err(HostIoError)
        } else {
            Ok(len)
        }
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> Result<bool, HostIoError> {
        self.len().map(|len| len == 0)
    }

    /// Moves to absolute byte offset `pos`.
    pub fn seek(&mut self, pos: usize) -> Result<(), HostIoError> {
        // SAFETY: SEEK takes the handle and an offset.
        let rc = unsafe { cortex_m_semihosting::syscall!(SEEK, self.handle, pos) };
        if rc == 0 { Ok(()) } else { Err(HostIoError) }
    }

    /// Reads up to `buf.len()` bytes; returns how many were read (0 at the end).
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, HostIoError> {
        // SAFETY: the buffer is valid for writes of its length during the call.
        let not_read = unsafe {
            cortex_m_semihosting::syscall!(READ, self.handle, buf.as_mut_ptr(), buf.len())
        };
        if not_read > buf.len() {
            Err(HostIoError)
        } else {
            Ok(buf.len() - not_read)
        }
    }

    /// Writes all of `buf`.
    pub fn write_all(&mut self, buf: &[u8]) -> Result<(), HostIoError> {
        // SAFETY: the buffer is valid for reads of its length during the call.
        let not_written =
            unsafe { cortex_m_semihosting::syscall!(WRITE, self.handle, buf.as_ptr(), buf.len()) };
        if not_written == 0 {
            Ok(())
        } else {
            Err(HostIoError)
        }
    }

    /// Reads the whole file.
    pub fn read_to_end(&mut self) -> Result<Vec<u8>, HostIoError> {
        let len = self.len()?;
        let mut data = alloc::vec![0u8; len];
        let mut at = 0;
        while at < len {
            match self.read(&mut data[at..])? {
                0 => break,
                n => at += n,
            }
        }
        data.truncate(at);
        Ok(data)
    }
}

impl Drop for HostFile {
    fn drop(&mut self) {
        // SAFETY: CLOSE takes the handle only; it is not used again.
        unsafe { cortex_m_semihosting::syscall!(CLOSE, self.handle) };
    }
}

/// Reads a whole host file.
pub fn read(path: &str) -> Result<Vec<u8>, HostIoError> {
    HostFile::open(path, Mode::Read)?.read_to_end()
}

/// The arguments QEMU passes after the image's own name (`-kernel IMAGE -append "A B"`).
pub fn args(buf: &mut [u8]) -> impl Iterator<Item = &str> {
    command_line(buf)
        .unwrap_or("")
        .split_ascii_whitespace()
        .skip(1)
}

/// The whole command line QEMU passes: the image's name, then `-append`'s text.
pub fn command_line(buf: &mut [u8]) -> Result<&str, HostIoError> {
    let mut block = [buf.as_mut_ptr() as usize, buf.len()];
    // SAFETY: GET_CMDLINE writes at most block[1] bytes into buf and updates block[1].
    let rc = unsafe { cortex_m_semihosting::syscall1!(GET_CMDLINE, block.as_mut_ptr()) };
    if rc != 0 {
        return Err(HostIoError);
    }
    let len = block[1].min(buf.len());
    core::str::from_utf8(&buf[..len]).map_err(|_| HostIoError)
}

/// Seconds since 1970 by the host's clock (semihosting `SYS_TIME`): what a board would get
/// from a real-time clock or NTP.
pub fn host_unix_seconds() -> u64 {
    // SAFETY: SYS_TIME takes no argument block and returns the time in r0.
    unsafe { cortex_m_semihosting::syscall!(TIME) as u64 }
}
