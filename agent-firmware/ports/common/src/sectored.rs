//! The agent's page-based store on a chip whose flash erases in big, uneven sectors (the
//! STM32F7's are 32 to 256 KiB): small logical pages, each region of them laid on a sector of
//! its own.
//!
//! The agent core erases a page right before it programs it and never reads a page between the
//! two. Its users of the store touch pages in only three ways, and the layout keeps each of them
//! inside sectors nobody else uses:
//!
//! - the two metadata pages and the enrollment record page: each is the only page of its sector,
//!   so erasing it erases its whole sector and nothing else;
//! - a slot: written from its first page on, one page after another. Erasing the first page of
//!   a sector erases the whole sector, so the pages after it in that sector are blank when the
//!   writer gets to them (erasing a blank page does nothing).
//! - a slot download resumed after a reset: it restarts at a page boundary inside a sector, and
//!   that page (and a few after it) may already hold bytes of the same bundle, written before
//!   the reset but after the progress record. Those pages cannot be erased alone. Instead the
//!   page becomes *rewritable*: programming it is allowed where it only clears bits (NOR
//!   programming ANDs), which rewriting the same bytes always does. Anything else is refused
//!   with [`FlashError::NotErased`], and the bundle's hash check guards the rest.

use alloc::vec;
use alloc::vec::Vec;

use pyrite_agent_core::flash::{ERASED, Flash, FlashError};

/// A chip's flash as sectors: byte addresses are offsets from the start of the flash.
pub trait SectorMedium {
    /// Smallest programmable unit in bytes; programs are padded with `0xFF` to it (which leaves
    /// NOR bits unchanged).
    fn write_size(&self) -> usize;
    /// Reads `buf.len()` bytes at `addr`.
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), FlashError>;
    /// Programs `data` at `addr`; both are multiples of [`SectorMedium::write_size`]. Bits can
    /// only go from 1 to 0 (the result is the AND of old and new).
    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), FlashError>;
    /// Erases the sector `[addr, addr + len)`.
    fn erase(&mut self, addr: u32, len: u32) -> Result<(), FlashError>;
}

/// One erasable sector and how many logical pages of it the store uses (from its start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The sector's offset in the flash.
    pub addr: u32,
    /// The sector's size in bytes.
    pub size: u32,
    /// Logical pages laid on it (`pages * page_size <= size`).
    pub pages: usize,
}

/// Why a layout cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutError {
    /// A region holds more pages than fit in its sector, or none.
    RegionTooSmall,
    /// The page size is zero or not a multiple of the medium's write size.
    BadPageSize,
}

impl core::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            LayoutError::RegionTooSmall => "a region holds no page or more than its sector",
            LayoutError::BadPageSize => "the page size is not a multiple of the write size",
        })
    }
}

/// The agent's [`Flash`] over a [`SectorMedium`]: logical pages `0..` are the regions' pages in
/// order.
pub struct SectoredFlash<M> {
    medium: M,
    page_size: usize,
    regions: Vec<Region>,
    /// Pages that could not be erased alone and accept rewriting (see the module docs).
    rewritable: Vec<bool>,
}

impl<M: SectorMedium> SectoredFlash<M> {
    /// A store of `page_size`-byte logical pages laid on `regions`.
    pub fn new(medium: M, page_size: usize, regions: &[Region]) -> Result<Self, LayoutError> {
        if page_size == 0 || !page_size.is_multiple_of(medium.write_size().max(1)) {
            return Err(LayoutError::BadPageSize);
        }
        if regions
            .iter()
            .any(|r| r.pages == 0 || r.pages * page_size > r.size as usize)
        {
            return Err(LayoutError::RegionTooSmall);
        }
        let count = regions.iter().map(|r| r.pages).sum();
        Ok(SectoredFlash {
            medium,
            page_size,
            regions: regions.to_vec(),
            rewritable: vec![false; count],
        })
    }

    /// The medium back.
    pub fn into_inner(self) -> M {
        self.medium
    }

    /// (region, page index within it) of logical `page`.
    fn locate(&self, page: usize) -> Option<(&Region, usize)> {
        let mut first = 0;
        for region in &self.regions {
            if page < first + region.pages {
                return Some((region, page - first));
            }
            first += region.pages;
        }
        None
    }

    /// The flash address of logical byte `offset`.
    fn address(&self, offset: usize) -> Option<u32> {
        let (region, index) = self.locate(offset / self.page_size)?;
        Some(region.addr + (index * self.page_size + offset % self.page_size) as u32)
    }

    /// Runs `f` on each piece of `[offset, offset + len)` that stays inside one logical page:
    /// (flash address, offset into the caller's buffer, length).
    fn pieces(
        &mut self,
        offset: usize,
        len: usize,
        mut f: impl FnMut(&mut Self, u32, usize, usize) -> Result<(), FlashError>,
    ) -> Result<(), FlashError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.capacity() => {}
            _ => return Err(FlashError::OutOfBounds),
        }
        let mut done = 0;
        while done < len {
            let at = offset + done;
            let take = (self.page_size - at % self.page_size).min(len - done);
            let addr = self.address(at).ok_or(FlashError::OutOfBounds)?;
            f(self, addr, done, take)?;
            done += take;
        }
        Ok(())
    }

    fn page_is_blank(&mut self, addr: u32) -> Result<bool, FlashError> {
        let mut chunk = [0u8; 256];
        let mut at = 0;
        while at < self.page_size {
            let take = chunk.len().min(self.page_size - at);
            self.medium.read(addr + at as u32, &mut chunk[..take])?;
            if chunk[..take].iter().any(|&b| b != ERASED) {
                return Ok(false);
            }
            at += take;
        }
        Ok(true)
    }

    /// Programs `data` at `addr` (inside one page), padding to the write size with 0xFF.
    fn program_piece(&mut self, addr: u32, data: &[u8]) -> Result<(), FlashError> {
        let unit = self.medium.write_size().max(1);
        let start = addr - addr % unit as u32;
        let skip = (addr - start) as usize;
        let len = (skip + data.len()).div_ceil(unit) * unit;
        let mut words = vec![ERASED; len];
        words[skip..skip + data.len()].copy_from_slice(data);
        self.medium.write(start, &words)
    }
}

impl<M: SectorMedium> Flash for SectoredFlash<M> {
    fn page_size(&self) -> usize {
        self.page_size
    }

    fn page_count(&self) -> usize {
        self.rewritable.len()
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.pieces(offset, buf.len(), |me, addr, at, len| {
            me.medium.read(addr, &mut buf[at..at + len])
        })
    }

    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        let (region, index) = self
            .locate(page)
            .map(|(r, i)| (*r, i))
            .ok_or(FlashError::OutOfBounds)?;
        let addr = region.addr + (index * self.page_size) as u32;
        if index == 0 {
            self.medium.erase(region.addr, region.size)?;
            self.rewritable[page..page + region.pages].fill(false);
            return Ok(());
        }
        self.rewritable[page] = !self.page_is_blank(addr)?;
        Ok(())
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        if data.is_empty() {
            return Ok(());
        }
        // Refuse before writing anything: every byte must be erased, or (on a rewritable page)
        // only clear bits.
        let mut current = vec![0u8; data.len()];
        self.read(offset, &mut current)?;
        let page_size = self.page_size;
        for (i, (&old, &new)) in current.iter().zip(data).enumerate() {
            let rewritable = self.rewritable[(offset + i) / page_size];
            let fine = old == ERASED || (rewritable && old & new == new);
            if !fine {
                return Err(FlashError::NotErased);
            }
        }
        self.pieces(offset, data.len(), |me, addr, at, len| {
            me.program_piece(addr, &data[at..at + len])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_agent_core::metadata::MetadataLog;
    use pyrite_agent_core::slots::{Layout, SlotWriter};

    /// NOR flash in RAM: programs AND, erases whole sectors, counts erases, can tear a program.
    struct Nor {
        bytes: Vec<u8>,
        sectors: Vec<(u32, u32)>,
        erases: usize,
        /// Bytes that may still be programmed before a simulated power cut.
        budget: Option<usize>,
    }

    impl Nor {
        fn new(sectors: &[(u32, u32)]) -> Self {
            let end = sectors.iter().map(|(a, s)| a + s).max().unwrap_or(0);
            Nor {
                bytes: vec![ERASED; end as usize],
                sectors: sectors.to_vec(),
                erases: 0,
                budget: None,
            }
        }
    }

    impl SectorMedium for &mut Nor {
        fn write_size(&self) -> usize {
            4
        }
        fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), FlashError> {
            let a = addr as usize;
            buf.copy_from_slice(&self.bytes[a..a + buf.len()]);
            Ok(())
        }
        fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), FlashError> {
            assert_eq!(addr % 4, 0, "unaligned program");
            assert_eq!(data.len() % 4, 0, "unaligned program length");
            for (i, &b) in data.iter().enumerate() {
                if let Some(left) = self.budget.as_mut() {
                    if *left == 0 {
                        return Err(FlashError::PowerLoss);
                    }
                    *left -= 1;
                }
                self.bytes[addr as usize + i] &= b;
            }
            Ok(())
        }
        fn erase(&mut self, addr: u32, len: u32) -> Result<(), FlashError> {
            assert!(
                self.sectors.contains(&(addr, len)),
                "erase of {addr:#x}+{len:#x} is not a sector"
            );
            self.erases += 1;
            self.bytes[addr as usize..(addr + len) as usize].fill(ERASED);
            Ok(())
        }
    }

    const PAGE: usize = 256;
    const SECTOR: u32 = 4096;

    /// Five 4 KiB sectors: metadata A, metadata B, slot A (16 pages), slot B, record.
    fn layout() -> (Vec<(u32, u32)>, Vec<Region>) {
        let sectors: Vec<(u32, u32)> = (0..5).map(|i| (0x1000 + i * SECTOR, SECTOR)).collect();
        let pages = [1, 1, 16, 16, 1];
        let regions = sectors
            .iter()
            .zip(pages)
            .map(|(&(addr, size), pages)| Region { addr, size, pages })
            .collect();
        (sectors, regions)
    }

    #[test]
    fn pages_map_onto_their_sectors() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        assert_eq!(flash.page_count(), 35);
        // Page 2 is the first page of slot A's sector; page 18 of slot B's.
        flash.erase_page(2).unwrap();
        flash.program(2 * PAGE + 1, b"abc").unwrap();
        flash.program(18 * PAGE + PAGE - 2, b"xy").unwrap();
        let mut back = [0u8; 3];
        flash.read(2 * PAGE + 1, &mut back).unwrap();
        assert_eq!(&back, b"abc");
        assert_eq!(
            flash.program(34 * PAGE + PAGE, b"z"),
            Err(FlashError::OutOfBounds)
        );
        drop(flash);
        assert_eq!(&nor.bytes[0x3001..0x3004], b"abc");
        assert_eq!(&nor.bytes[0x4000 + PAGE - 2..][..2], b"xy");
        assert_eq!(nor.bytes[0x3000], ERASED, "padding leaves bytes erased");
    }

    #[test]
    fn a_read_or_program_across_pages_follows_the_mapping() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        // Pages 1 (metadata B) and 2 (slot A) are in different sectors.
        let data: Vec<u8> = (0..20u8).collect();
        flash.program(2 * PAGE - 10, &data).unwrap();
        let mut back = vec![0u8; 20];
        flash.read(2 * PAGE - 10, &mut back).unwrap();
        assert_eq!(back, data);
        drop(flash);
        assert_eq!(&nor.bytes[0x2000 + PAGE - 10..0x2000 + PAGE], &data[..10]);
        assert_eq!(&nor.bytes[0x3000..0x300A], &data[10..]);
    }

    #[test]
    fn programming_twice_is_refused_until_erased() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        flash.program(0, b"one").unwrap();
        assert_eq!(flash.program(0, b"two"), Err(FlashError::NotErased));
        flash.erase_page(0).unwrap();
        flash.program(0, b"two").unwrap();
        // Erasing metadata A leaves metadata B and the record alone.
        flash.program(PAGE, b"B").unwrap();
        flash.program(34 * PAGE, b"R").unwrap();
        flash.erase_page(0).unwrap();
        let mut b = [0u8; 1];
        flash.read(PAGE, &mut b).unwrap();
        assert_eq!(&b, b"B");
        flash.read(34 * PAGE, &mut b).unwrap();
        assert_eq!(&b, b"R");
    }

    fn bundle(len: usize, salt: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31) ^ salt)
            .collect()
    }

    /// Writes a slot with the core's own writer (erase then program, a page at a time).
    fn write_slot<F: Flash>(flash: &mut F, slot: u8, from: usize, data: &[u8]) {
        let layout = Layout::for_flash(flash);
        let mut writer = SlotWriter::resume(layout, slot, from);
        writer.write(flash, &data[from - from % PAGE..]).unwrap();
        writer.finish(flash).unwrap();
    }

    fn read_slot<F: Flash>(flash: &mut F, slot: u8, len: usize) -> Vec<u8> {
        let layout = Layout::for_flash(flash);
        let mut out = vec![0u8; len];
        flash.read(layout.slot_offset(slot), &mut out).unwrap();
        out
    }

    #[test]
    fn a_slot_is_rewritten_with_one_sector_erase() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        let first = bundle(3000, 1);
        write_slot(&mut flash, 0, 0, &first);
        assert_eq!(read_slot(&mut flash, 0, first.len()), first);
        let second = bundle(2000, 7);
        write_slot(&mut flash, 0, 0, &second);
        assert_eq!(read_slot(&mut flash, 0, second.len()), second);
        drop(flash);
        assert_eq!(nor.erases, 2, "one sector erase per slot write");
    }

    #[test]
    fn a_download_resumed_inside_a_sector_rewrites_the_pages_written_before_the_reset() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        // An older bundle fills slot B, then a new one is written until the power fails in
        // the middle of a page.
        {
            let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
            write_slot(&mut flash, 1, 0, &bundle(4096, 3));
        }
        let new = bundle(3500, 9);
        nor.budget = Some(7 * PAGE + 100);
        {
            let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
            let layout = Layout::for_flash(&flash);
            let mut writer = SlotWriter::resume(layout, 1, 0);
            assert!(writer.write(&mut flash, &new).is_err());
        }
        nor.budget = None;
        // After the reset, progress says 5 pages were durable (the record lags the writes).
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        write_slot(&mut flash, 1, 5 * PAGE, &new);
        assert_eq!(read_slot(&mut flash, 1, new.len()), new);
        // The metadata and the other slot were never touched.
        drop(flash);
        assert_eq!(nor.erases, 2);
    }

    #[test]
    fn a_rewrite_that_needs_a_bit_set_is_refused() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        flash.erase_page(2).unwrap();
        flash.program(3 * PAGE, &[0x0F]).unwrap();
        // Page 3 is inside slot A's sector: it cannot be erased alone.
        flash.erase_page(3).unwrap();
        assert_eq!(flash.program(3 * PAGE, &[0x0F]), Ok(()));
        assert_eq!(flash.program(3 * PAGE + 1, &[0x01]), Ok(()));
        flash.erase_page(3).unwrap();
        assert_eq!(flash.program(3 * PAGE, &[0xF0]), Err(FlashError::NotErased));
        // Erasing the sector's first page erases the sector and ends the rewrite allowance.
        flash.erase_page(2).unwrap();
        flash.program(3 * PAGE, &[0xF0]).unwrap();
        assert_eq!(flash.program(3 * PAGE, &[0x00]), Err(FlashError::NotErased));
    }

    #[test]
    fn the_metadata_log_survives_switching_pages() {
        let (sectors, regions) = layout();
        let mut nor = Nor::new(&sectors);
        let mut flash = SectoredFlash::new(&mut nor, PAGE, &regions).unwrap();
        let mut meta = MetadataLog::open(&mut flash, 0).unwrap();
        // Enough commits to fill a page several times over.
        for i in 0..200u32 {
            let mut next = *meta.state();
            next.boot_count = i % 7;
            next.highest_sequence = u64::from(i);
            meta.commit(&mut flash, next).unwrap();
        }
        let reopened = MetadataLog::open(&mut flash, 0).unwrap();
        assert_eq!(reopened.state().highest_sequence, 199);
    }

    #[test]
    fn bad_layouts_are_refused() {
        let mut nor = Nor::new(&[(0, 4096)]);
        let too_many = [Region {
            addr: 0,
            size: 4096,
            pages: 17,
        }];
        assert_eq!(
            SectoredFlash::new(&mut nor, 256, &too_many).err(),
            Some(LayoutError::RegionTooSmall)
        );
        let one = [Region {
            addr: 0,
            size: 4096,
            pages: 1,
        }];
        assert_eq!(
            SectoredFlash::new(&mut nor, 6, &one).err(),
            Some(LayoutError::BadPageSize)
        );
    }
}
