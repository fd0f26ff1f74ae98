//! The streaming verifier's heap use does not grow with the bundle: measured with a counting
//! allocator, verifying a 4 KiB bundle and a 2 MiB bundle (same manifest shape) in 1 KiB chunks.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use pyrite_protocol::bundle::{BundleBuilder, StreamingVerifier};
use pyrite_protocol::keys::{SecretKey, TrustedKeys};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak heap bytes above the starting level while streaming `bundle` through a verifier.
fn peak_while_verifying(bundle: &[u8], trusted: &TrustedKeys) -> usize {
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let mut v = StreamingVerifier::new(trusted.clone(), 0);
    for chunk in bundle.chunks(1024) {
        v.feed(chunk).unwrap();
    }
    let done = v.finish().unwrap();
    drop(done);
    PEAK.load(Ordering::SeqCst) - base
}

#[test]
fn heap_use_is_independent_of_bundle_size() {
    let key = SecretKey::from_seed(&[4; 32]);
    let trusted = TrustedKeys::new([key.public_key()]).unwrap();
    let make = |size: usize| {
        let mut b = BundleBuilder::new("mem", "1", 1);
        b.add_file("main.py", vec![b'#'; size / 2]).unwrap();
        b.add_file("data.bin", vec![7u8; size / 2]).unwrap();
        b.add_file("lib/x.py", b"X=1".to_vec()).unwrap();
        b.sign(&key).unwrap()
    };
    let small = make(4 * 1024);
    let large = make(2 * 1024 * 1024);
    let p_small = peak_while_verifying(&small, &trusted);
    let p_large = peak_while_verifying(&large, &trusted);
    println!(
        "peak heap while verifying: {} bytes for a {}-byte bundle, {} bytes for a {}-byte bundle",
        p_small,
        small.len(),
        p_large,
        large.len()
    );
    assert_eq!(p_small, p_large, "heap use grew with the bundle size");
    assert!(p_large < 4096, "peak {p_large} bytes");
}
