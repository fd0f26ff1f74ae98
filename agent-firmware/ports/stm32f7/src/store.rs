//! The agent's store in the STM32F767's own flash, so bundles, boot counters and the enrollment
//! survive a reset.
//!
//! The chip runs in dual-bank mode (option bit nDBANK = 0, set once with a programmer; see the
//! ports README): two 1 MiB banks of sectors 16 KiB ×4, 64 KiB, 128 KiB ×7. The image has bank 1
//! (`memory.x` gives the linker only that, so an image that grows into the store fails to link),
//! and erasing a sector of bank 2 does not stall the code running from bank 1. The store is in
//! bank 2, as 4 KiB logical pages laid out by [`SectoredFlash`]:
//!
//! | sector | flash offset | logical pages | holds |
//! | --- | --- | --- | --- |
//! | 12 (16 KiB) | 0x10_0000 | 0 | agent metadata, first page |
//! | 13 (16 KiB) | 0x10_4000 | 1 | agent metadata, second page |
//! | 17–19 (128 KiB each) | 0x12_0000 | 2–97 | slot A (384 KiB) |
//! | 20–22 (128 KiB each) | 0x18_0000 | 98–193 | slot B (384 KiB) |
//! | 14 (16 KiB) | 0x10_8000 | 194 | enrollment record |
//!
//! Sectors 15, 16 and 23 are unused.

use embassy_stm32::flash::{Blocking, Flash as ChipFlash, WRITE_SIZE};
use pyrite_agent_core::flash::FlashError;
use pyrite_port_common::sectored::{LayoutError, Region, SectorMedium, SectoredFlash};

/// Logical page size the agent works with.
pub const PAGE_SIZE: usize = 4096;
const SMALL: u32 = 16 * 1024;
const LARGE: u32 = 128 * 1024;
/// Bank 2's first byte (sector 12), as an offset from the start of the flash.
const BANK2: u32 = 0x0010_0000;
/// Bank 2's first 128 KiB sector (17).
const BANK2_LARGE: u32 = BANK2 + 4 * SMALL + 64 * 1024;
/// Logical pages in a 128 KiB sector.
const PAGES_PER_LARGE: usize = LARGE as usize / PAGE_SIZE;

/// The store's sectors and the pages laid on each, in logical page order (see the module docs).
const REGIONS: [Region; 9] = [
    region(BANK2, SMALL, 1),
    region(BANK2 + SMALL, SMALL, 1),
    region(BANK2_LARGE, LARGE, PAGES_PER_LARGE),
    region(BANK2_LARGE + LARGE, LARGE, PAGES_PER_LARGE),
    region(BANK2_LARGE + 2 * LARGE, LARGE, PAGES_PER_LARGE),
    region(BANK2_LARGE + 3 * LARGE, LARGE, PAGES_PER_LARGE),
    region(BANK2_LARGE + 4 * LARGE, LARGE, PAGES_PER_LARGE),
    region(BANK2_LARGE + 5 * LARGE, LARGE, PAGES_PER_LARGE),
    region(BANK2 + 2 * SMALL, SMALL, 1),
];

const fn region(addr: u32, size: u32, pages: usize) -> Region {
    Region { addr, size, pages }
}

/// The chip's flash driver as a [`SectorMedium`].
pub struct InternalFlash(pub ChipFlash<'static, Blocking>);

impl SectorMedium for InternalFlash {
    fn write_size(&self) -> usize {
        WRITE_SIZE
    }

    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), FlashError> {
        self.0.blocking_read(addr, buf).map_err(|_| FlashError::Io)
    }

    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), FlashError> {
        self.0
            .blocking_write(addr, data)
            .map_err(|_| FlashError::Io)
    }

    fn erase(&mut self, addr: u32, len: u32) -> Result<(), FlashError> {
        self.0
            .blocking_erase(addr, addr + len)
            .map_err(|_| FlashError::Io)
    }
}

/// The store over the chip's flash.
pub fn open(
    flash: ChipFlash<'static, Blocking>,
) -> Result<SectoredFlash<InternalFlash>, LayoutError> {
    SectoredFlash::new(InternalFlash(flash), PAGE_SIZE, &REGIONS)
}
