//! A flash-like store for the agent's A/B slots, kept in a host file through semihosting.
//!
//! The MPS2 board has no flash controller QEMU emulates, so the "chip" is a file beside QEMU:
//! it survives a reboot of the emulated board (a new QEMU run), as flash does, and a test can
//! inspect or corrupt it. NOR rules are enforced here as on a real part: reads of erased bytes
//! give 0xFF, and programming a byte that is not erased is refused.

use alloc::vec;

use pyrite_agent_core::flash::{ERASED, Flash, FlashError};

use crate::semihost_fs::{HostFile, Mode};

/// A store of `page_count` pages of `page_size` bytes in one host file.
pub struct HostFlash {
    file: HostFile,
    page_size: usize,
    page_count: usize,
}

impl HostFlash {
    /// Opens the store at `path`, creating it (all pages erased) when it does not exist or has
    /// the wrong size.
    pub fn open(path: &str, page_size: usize, page_count: usize) -> Result<Self, FlashError> {
        let capacity = page_size * page_count;
        if let Ok(file) = HostFile::open(path, Mode::ReadWrite)
            && file.len() == Ok(capacity)
        {
            return Ok(HostFlash {
                file,
                page_size,
                page_count,
            });
        }
        let file = HostFile::open(path, Mode::Create).map_err(|_| FlashError::Io)?;
        let mut flash = HostFlash {
            file,
            page_size,
            page_count,
        };
        for page in 0..page_count {
            flash.erase_page(page)?;
        }
        Ok(flash)
    }

    fn check(&self, offset: usize, len: usize) -> Result<(), FlashError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.capacity() => Ok(()),
            _ => Err(FlashError::OutOfBounds),
        }
    }
}

impl Flash for HostFlash {
    fn page_size(&self) -> usize {
        self.page_size
    }

    fn page_count(&self) -> usize {
        self.page_count
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.check(offset, buf.len())?;
        self.file.seek(offset).map_err(|_| FlashError::Io)?;
        let mut at = 0;
        while at < buf.len() {
            match self.file.read(&mut buf[at..]) {
                Ok(0) | Err(_) => return Err(FlashError::Io),
                Ok(n) => at += n,
            }
        }
        Ok(())
    }

    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        if page >= self.page_count {
            return Err(FlashError::OutOfBounds);
        }
        let erased = vec![ERASED; self.page_size];
        self.file
            .seek(page * self.page_size)
            .and_then(|()| self.file.write_all(&erased))
            .map_err(|_| FlashError::Io)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        self.check(offset, data.len())?;
        let mut current = vec![0u8; data.len()];
        self.read(offset, &mut current)?;
        if current.iter().any(|&b| b != ERASED) {
            return Err(FlashError::NotErased);
        }
        self.file
            .seek(offset)
            .and_then(|()| self.file.write_all(data))
            .map_err(|_| FlashError::Io)
    }
}
