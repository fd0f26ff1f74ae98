//! The global allocator: one fixed block of RAM, as on a real microcontroller.
//!
//! Its size is chosen by each binary (`init_heap!(BYTES)`), so every image's footprint is explicit.

use embedded_alloc::LlffHeap;

#[global_allocator]
static HEAP: LlffHeap = LlffHeap::empty();

/// Hands a static block of `$size` bytes to the global allocator. Call once, first thing in `main`.
#[macro_export]
macro_rules! init_heap {
    ($size:expr) => {{
        static mut HEAP_BLOCK: [core::mem::MaybeUninit<u8>; $size] =
            [core::mem::MaybeUninit::uninit(); $size];
        // SAFETY: the block is a fresh 'static used by nothing else; the macro expands to a
        // distinct static at each use and `main` calls it once.
        unsafe { $crate::heap::init_from((&raw mut HEAP_BLOCK) as usize, $size) }
    }};
}

/// Gives the allocator `size` bytes at `start`.
///
/// # Safety
/// The memory must be valid, unused by anything else for the program's lifetime, and this must
/// be called once, before the first allocation.
pub unsafe fn init_from(start: usize, size: usize) {
    // SAFETY: forwarded to the caller.
    unsafe { HEAP.init(start, size) }
}

/// Bytes currently allocated from the global heap.
pub fn used() -> usize {
    HEAP.used()
}

/// Bytes still free in the global heap.
pub fn free() -> usize {
    HEAP.free()
}
