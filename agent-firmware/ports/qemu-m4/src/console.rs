//! Console output, exit codes and the panic handler, all over Arm semihosting.
//!
//! Under QEMU (`-semihosting-config enable=on,target=native`) the console is QEMU's stdout and
//! the exit code is QEMU's exit status, which is what the host tests look at.

use core::fmt;

use cortex_m_semihosting::debug;

/// Writes text to the host's stdout.
pub fn write_str(s: &str) {
    cortex_m_semihosting::export::hstdout_str(s);
}

/// Writes raw bytes to the host's stdout (invalid UTF-8 is passed through untouched).
pub fn write_bytes(bytes: &[u8]) {
    if let Ok(mut out) = cortex_m_semihosting::hio::hstdout() {
        // A failed console write has nowhere better to be reported.
        let _ = out.write_all(bytes);
    }
}

/// Writes formatted text to the host's stdout.
pub fn write_fmt(args: fmt::Arguments) {
    cortex_m_semihosting::export::hstdout_fmt(args);
}

/// `println!` for the board console.
#[macro_export]
macro_rules! println {
    () => { $crate::console::write_str("\n") };
    ($($arg:tt)*) => {{
        $crate::console::write_fmt(format_args!($($arg)*));
        $crate::console::write_str("\n");
    }};
}

/// Ends the emulation: QEMU exits with status 0 when `success`, 1 otherwise.
pub fn exit(success: bool) -> ! {
    debug::exit(if success {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Only reached on real hardware without a debugger attached.
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    cortex_m_semihosting::export::hstderr_fmt(format_args!("firmware panic: {info}\n"));
    exit(false)
}
