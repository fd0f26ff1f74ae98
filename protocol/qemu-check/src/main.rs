//! Proves on an emulated Cortex-M4 that the no_std verifier works on the target, not just that
//! it compiles: signs a ~40 KiB bundle on the device, streams it through
//! `StreamingVerifier` in 61-byte chunks, checks refusals, and prints the peak heap use.
//! Run: `cd protocol/qemu-check && cargo run --release` (exit status 0 = all checks passed).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec;
use core::sync::atomic::{AtomicUsize, Ordering};

use cortex_m as _; // links its critical-section implementation
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use embedded_alloc::LlffHeap;
use pyrite_protocol::bundle::{BundleBuilder, BundleError, StreamingVerifier};
use pyrite_protocol::keys::{SecretKey, TrustedKeys};

#[global_allocator]
static HEAP: LlffHeap = LlffHeap::empty();
const HEAP_BYTES: usize = 256 * 1024;
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn note_peak() {
    PEAK.fetch_max(HEAP.used(), Ordering::Relaxed);
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    hprintln!("PANIC: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}

fn check(ok: bool, what: &str) {
    if ok {
        hprintln!("ok   {}", what);
    } else {
        hprintln!("FAIL {}", what);
        debug::exit(debug::EXIT_FAILURE);
    }
}

#[entry]
fn main() -> ! {
    {
        use core::mem::MaybeUninit;
        static mut MEM: [MaybeUninit<u8>; HEAP_BYTES] = [MaybeUninit::uninit(); HEAP_BYTES];
        // SAFETY: called once, before any allocation; MEM is used by nothing else.
        unsafe { HEAP.init(core::ptr::addr_of_mut!(MEM) as usize, HEAP_BYTES) }
    }
    let key = SecretKey::from_seed(&[9; 32]);
    let trusted = TrustedKeys::new([key.public_key()]).unwrap();
    let mut b = BundleBuilder::new("mcu", "1.0.0", 3);
    b.add_file("main.py", vec![b'#'; 20_000]).unwrap();
    b.add_file("lib/data.bin", vec![0x5a; 20_000]).unwrap();
    let bundle = b.sign(&key).unwrap();
    drop(b);
    hprintln!("bundle: {} bytes", bundle.len());

    // Stream it; measure the heap the verifier adds on top of the bundle buffer.
    let base = HEAP.used();
    PEAK.store(base, Ordering::Relaxed);
    let mut v = StreamingVerifier::new(trusted.clone(), 2).interpreter_version("0.1.0");
    note_peak();
    let mut file_bytes = 0usize;
    for chunk in bundle.chunks(61) {
        let r = v.feed_with(chunk, &mut |ev| {
            if let pyrite_protocol::bundle::VerifyEvent::FileData { data, .. } = ev {
                file_bytes += data.len();
            }
        });
        note_peak();
        check_quiet(r.is_ok());
    }
    let verified = v.finish();
    note_peak();
    check(verified.is_ok(), "streamed verification of a signed bundle");
    check(file_bytes == 40_000, "every file byte passed through");
    hprintln!(
        "verifier state: {} bytes; peak extra heap while verifying: {} bytes",
        core::mem::size_of::<StreamingVerifier>(),
        PEAK.load(Ordering::Relaxed) - base
    );

    // Refusals on the target.
    let mut t = bundle.clone();
    let n = t.len();
    t[n - 1] ^= 1;
    check(
        matches!(
            pyrite_protocol::bundle::verify(&t, &trusted, 2),
            Err(BundleError::FileHashMismatch { .. })
        ),
        "tampered file refused",
    );
    t[n - 1] ^= 1;
    t[100] ^= 1;
    check(
        pyrite_protocol::bundle::verify(&t, &trusted, 2).is_err(),
        "tampered manifest refused",
    );
    check(
        matches!(
            pyrite_protocol::bundle::verify(&bundle, &trusted, 3),
            Err(BundleError::SequenceNotNewer { .. })
        ),
        "old sequence refused",
    );
    let other = TrustedKeys::new([SecretKey::from_seed(&[1; 32]).public_key()]).unwrap();
    check(
        matches!(
            pyrite_protocol::bundle::verify(&bundle, &other, 0),
            Err(BundleError::UnknownKey { .. })
        ),
        "unknown key refused",
    );
    hprintln!("all checks passed");
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

fn check_quiet(ok: bool) {
    if !ok {
        hprintln!("FAIL feed refused a valid chunk");
        debug::exit(debug::EXIT_FAILURE);
    }
}
