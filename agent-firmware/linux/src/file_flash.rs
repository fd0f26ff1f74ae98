//! A [`Flash`] kept in a file, so a device's bundles and metadata survive a
//! `kill -9` or a power cut at any instant.
//!
//! The file is the flash image; bytes past its end read as erased, so an
//! empty device costs no disk. Every erase and program is one `pwrite`
//! followed (when `durable`) by `fdatasync`, so what returned is on disk.
//! The torn-write safety itself comes from the layout above the trait (see
//! `pyrite_agent_core::metadata`): a program interrupted half-way leaves a
//! record whose CRC fails, exactly as on real NOR flash.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;

use pyrite_agent_core::flash::{ERASED, Flash, FlashError};

/// Flash emulated by a file.
pub struct FileFlash {
    file: File,
    page_size: usize,
    page_count: usize,
    durable: bool,
}

impl FileFlash {
    /// Opens (or creates) the image at `path` with the given geometry.
    /// `durable` syncs every write to disk (needed against power cuts; a
    /// `kill -9` is survived without it because the kernel keeps the data).
    pub fn open(
        path: &Path,
        page_size: usize,
        page_count: usize,
        durable: bool,
    ) -> std::io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        Ok(FileFlash {
            file,
            page_size,
            page_count,
            durable,
        })
    }

    fn check(&self, offset: usize, len: usize) -> Result<(), FlashError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.page_size * self.page_count => Ok(()),
            _ => Err(FlashError::OutOfBounds),
        }
    }

    fn sync(&self) -> Result<(), FlashError> {
        if self.durable {
            self.file.sync_data().map_err(|_| FlashError::Io)?;
        }
        Ok(())
    }
}

impl Flash for FileFlash {
    fn page_size(&self) -> usize {
        self.page_size
    }

    fn page_count(&self) -> usize {
        self.page_count
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.check(offset, buf.len())?;
        buf.fill(ERASED);
        let mut done = 0;
        while done < buf.len() {
            match self.file.read_at(&mut buf[done..], (offset + done) as u64) {
                Ok(0) => break, // past the end of the file: erased
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(FlashError::Io),
            }
        }
        Ok(())
    }

    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        if page >= self.page_count {
            return Err(FlashError::OutOfBounds);
        }
        let blank = vec![ERASED; self.page_size];
        self.file
            .write_all_at(&blank, (page * self.page_size) as u64)
            .map_err(|_| FlashError::Io)?;
        self.sync()
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        self.check(offset, data.len())?;
        let mut current = vec![0u8; data.len()];
        self.read(offset, &mut current)?;
        if current.iter().any(|&b| b != ERASED) {
            return Err(FlashError::NotErased);
        }
        self.file
            .write_all_at(data, offset as u64)
            .map_err(|_| FlashError::Io)?;
        self.sync()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_agent_core::metadata::{Metadata, MetadataLog};

    #[test]
    fn behaves_like_flash_and_persists_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flash.img");
        let mut f = FileFlash::open(&path, 512, 8, true).unwrap();
        let mut buf = [0u8; 4];
        f.read(100, &mut buf).unwrap();
        assert_eq!(buf, [ERASED; 4]);
        f.program(100, &[1, 2]).unwrap();
        assert_eq!(f.program(101, &[3]), Err(FlashError::NotErased));
        assert_eq!(f.read(4095, &mut buf), Err(FlashError::OutOfBounds));
        let mut log = MetadataLog::open(&mut f, 2).unwrap();
        let m = Metadata {
            highest_sequence: 9,
            ..Default::default()
        };
        log.commit(&mut f, m).unwrap();
        drop(f);
        let mut f = FileFlash::open(&path, 512, 8, true).unwrap();
        f.read(100, &mut buf).unwrap();
        assert_eq!(&buf[..2], &[1, 2]);
        assert_eq!(
            MetadataLog::open(&mut f, 2)
                .unwrap()
                .state()
                .highest_sequence,
            9
        );
        f.erase_page(0).unwrap();
        f.read(100, &mut buf).unwrap();
        assert_eq!(buf, [ERASED; 4]);
    }
}
