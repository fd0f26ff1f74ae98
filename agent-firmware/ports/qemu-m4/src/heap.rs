//! The global allocator: one fixed block of RAM, as on a real microcontroller, with a
//! high-water mark so a test can report the most the image ever needed.
//!
//! Its size is chosen by each binary (`init_heap!(BYTES)`), so every image's footprint is explicit.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicUsize, Ordering};

use embedded_alloc::LlffHeap;

/// The block allocator plus usage counters.
pub struct CountingHeap {
    inner: LlffHeap,
    used: AtomicUsize,
    peak: AtomicUsize,
}

#[global_allocator]
static HEAP: CountingHeap = CountingHeap {
    inner: LlffHeap::empty(),
    used: AtomicUsize::new(0),
    peak: AtomicUsize::new(0),
};

// SAFETY: forwards to LlffHeap (a sound allocator); the counters only observe sizes.
unsafe impl GlobalAlloc for CountingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            let now = self.used.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            self.peak.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.used.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded contract.
        unsafe { self.inner.dealloc(ptr, layout) }
    }
}

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
    unsafe { HEAP.inner.init(start, size) }
}

/// Bytes currently allocated from the global heap (as requested by the program).
pub fn used() -> usize {
    HEAP.used.load(Ordering::Relaxed)
}

/// Bytes still free in the global heap (allocator's view, after its own overhead).
pub fn free() -> usize {
    HEAP.inner.free()
}

/// The most bytes allocated at once since start or the last [`reset_peak`].
pub fn peak() -> usize {
    HEAP.peak.load(Ordering::Relaxed)
}

/// Starts a new high-water measurement from the current usage.
pub fn reset_peak() {
    HEAP.peak.store(used(), Ordering::Relaxed);
}
