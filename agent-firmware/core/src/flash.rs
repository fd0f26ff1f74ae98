//! The flash-like store the agent keeps everything in, and an in-RAM one.
//!
//! The model is NOR flash: the store is split into pages; an erased byte
//! reads `0xFF`; programming may only be done on erased bytes; a power cut
//! can interrupt a program (only a prefix of the bytes lands) or an erase
//! (the page is left half erased). Everything above this trait is written so
//! that any such torn operation leaves a valid previous state.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

/// The value of an erased byte.
pub const ERASED: u8 = 0xFF;

/// Why a flash operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashError {
    /// The address range lies outside the store.
    OutOfBounds,
    /// Programming a byte that was not erased.
    NotErased,
    /// Power was lost during the operation (fault injection, or a port's
    /// way to say the medium stopped answering): the operation may be torn.
    PowerLoss,
    /// The medium reported an I/O error.
    Io,
}

impl core::fmt::Display for FlashError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = match self {
            FlashError::OutOfBounds => "address out of bounds",
            FlashError::NotErased => "programming a byte that is not erased",
            FlashError::PowerLoss => "power lost during a flash operation",
            FlashError::Io => "flash I/O error",
        };
        f.write_str(text)
    }
}

/// A flash-like persistent store made of equal pages.
pub trait Flash {
    /// Size of one erasable page in bytes.
    fn page_size(&self) -> usize;
    /// Number of pages.
    fn page_count(&self) -> usize;
    /// Reads `buf.len()` bytes at byte `offset`.
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError>;
    /// Sets every byte of `page` to [`ERASED`].
    fn erase_page(&mut self, page: usize) -> Result<(), FlashError>;
    /// Writes `data` at byte `offset`; every target byte must be erased.
    /// When this returns, the bytes are durable (a port fsyncs here).
    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError>;

    /// Total size in bytes.
    fn capacity(&self) -> usize {
        self.page_size() * self.page_count()
    }
}

/// Flash kept in RAM, with pages allocated on first write so that a mostly
/// empty store costs little (many simulated devices share one process), and
/// with fault injection for tests: a power cut after a given number of
/// write units tears the operation in progress.
pub struct RamFlash {
    page_size: usize,
    pages: Vec<Option<Box<[u8]>>>,
    /// Write units (one per programmed byte, one per erase) that may still
    /// happen before the simulated power cut; `None` means no cut planned.
    units_left: Option<usize>,
    /// Set once the power was cut: every operation fails until `power_on`.
    dead: bool,
    /// Write units performed since creation (to plan cuts at every point).
    units_done: usize,
}

impl RamFlash {
    /// An erased store of `page_count` pages of `page_size` bytes.
    pub fn new(page_size: usize, page_count: usize) -> Self {
        RamFlash {
            page_size,
            pages: (0..page_count).map(|_| None).collect(),
            units_left: None,
            dead: false,
            units_done: 0,
        }
    }

    /// Plans a power cut after `units` more write units (bytes programmed or
    /// pages erased); the operation that crosses the limit is torn.
    pub fn cut_power_after(&mut self, units: usize) {
        self.units_left = Some(units);
    }

    /// Restores power (the contents stay as the cut left them).
    pub fn power_on(&mut self) {
        self.dead = false;
        self.units_left = None;
    }

    /// Whether a planned power cut has happened.
    pub fn power_was_cut(&self) -> bool {
        self.dead
    }

    /// Write units performed so far.
    pub fn units_done(&self) -> usize {
        self.units_done
    }

    /// Pages that hold data (were written since their last full erase).
    pub fn allocated_pages(&self) -> usize {
        self.pages.iter().filter(|p| p.is_some()).count()
    }

    fn check(&self, offset: usize, len: usize) -> Result<(), FlashError> {
        if self.dead {
            return Err(FlashError::PowerLoss);
        }
        match offset.checked_add(len) {
            Some(end) if end <= self.page_size * self.pages.len() => Ok(()),
            _ => Err(FlashError::OutOfBounds),
        }
    }

    /// Takes `wanted` units from the budget; returns how many may happen
    /// before the cut (all of them when no cut is due).
    fn spend(&mut self, wanted: usize) -> usize {
        match self.units_left {
            None => {
                self.units_done += wanted;
                wanted
            }
            Some(left) => {
                let allowed = wanted.min(left);
                self.units_left = Some(left - allowed);
                self.units_done += allowed;
                if allowed < wanted {
                    self.dead = true;
                }
                allowed
            }
        }
    }

    fn byte(&self, offset: usize) -> u8 {
        let (page, within) = (offset / self.page_size, offset % self.page_size);
        match &self.pages[page] {
            Some(bytes) => bytes[within],
            None => ERASED,
        }
    }

    fn page_mut(&mut self, page: usize) -> &mut [u8] {
        let size = self.page_size;
        self.pages[page].get_or_insert_with(|| vec![ERASED; size].into_boxed_slice())
    }
}

impl Flash for RamFlash {
    fn page_size(&self) -> usize {
        self.page_size
    }

    fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.check(offset, buf.len())?;
        for (i, out) in buf.iter_mut().enumerate() {
            *out = self.byte(offset + i);
        }
        Ok(())
    }

    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        if page >= self.pages.len() {
            return Err(FlashError::OutOfBounds);
        }
        self.check(page * self.page_size, 0)?;
        if self.spend(1) == 1 {
            self.pages[page] = None;
            return Ok(());
        }
        // A torn erase: the first half is erased, the rest keeps old bytes.
        let half = self.page_size / 2;
        if let Some(bytes) = &mut self.pages[page] {
            bytes[..half].fill(ERASED);
        }
        Err(FlashError::PowerLoss)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        self.check(offset, data.len())?;
        if (0..data.len()).any(|i| self.byte(offset + i) != ERASED) {
            return Err(FlashError::NotErased);
        }
        let allowed = self.spend(data.len());
        let size = self.page_size;
        for (i, &b) in data[..allowed].iter().enumerate() {
            let at = offset + i;
            self.page_mut(at / size)[at % size] = b;
        }
        if allowed < data.len() {
            return Err(FlashError::PowerLoss);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_needs_erased_bytes_and_erase_restores_them() {
        let mut f = RamFlash::new(16, 4);
        f.program(3, &[1, 2, 3]).unwrap();
        assert_eq!(f.program(4, &[9]), Err(FlashError::NotErased));
        let mut buf = [0u8; 5];
        f.read(2, &mut buf).unwrap();
        assert_eq!(buf, [0xFF, 1, 2, 3, 0xFF]);
        f.erase_page(0).unwrap();
        f.read(2, &mut buf).unwrap();
        assert_eq!(buf, [0xFF; 5]);
        assert_eq!(f.read(60, &mut buf), Err(FlashError::OutOfBounds));
    }

    #[test]
    fn a_power_cut_tears_the_write_in_progress() {
        let mut f = RamFlash::new(16, 2);
        f.cut_power_after(2);
        assert_eq!(f.program(0, &[1, 2, 3, 4]), Err(FlashError::PowerLoss));
        assert!(f.power_was_cut());
        let mut buf = [0u8; 4];
        assert_eq!(f.read(0, &mut buf), Err(FlashError::PowerLoss));
        f.power_on();
        f.read(0, &mut buf).unwrap();
        assert_eq!(buf, [1, 2, 0xFF, 0xFF]);
    }
}
