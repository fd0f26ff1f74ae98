//! Footprint image: the interpreter alone (no agent, no network). Runs a small program built
//! into the image with a 64 KiB interpreter heap and prints its output; exits 0 when it ran.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::boxed::Box;
use alloc::vec::Vec;

use cortex_m_rt::entry;
use pyrite::{Config, Host, Interpreter, RunOutcome};
use pyrite_port_qemu_m4::{console, heap, println, time_driver};

const PROGRAM: &str = "\
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
squares = {i: i * i for i in range(10)}
print('fib(90) =', fib(90), 'squares:', sum(squares.values()))
";

struct Console;

impl Host for Console {
    fn write_out(&mut self, text: &str) {
        console::write_str(text);
    }
    fn write_err(&mut self, text: &str) {
        console::write_str(text);
    }
    fn now_ms(&mut self) -> u64 {
        time_driver::now_ms()
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

#[entry]
fn main() -> ! {
    pyrite_port_qemu_m4::init_heap!(256 * 1024);
    let core = cortex_m::Peripherals::take().expect("core peripherals taken once");
    time_driver::init(core.SYST);
    let mut it = Interpreter::new(
        Config {
            heap_bytes: 64 * 1024,
            max_depth: 64,
        },
        Box::new(Console),
    );
    let ok = it.start("main.py", PROGRAM).is_ok()
        && loop {
            match it.run(10_000) {
                RunOutcome::Yielded | RunOutcome::Sleeping { .. } => {}
                RunOutcome::Done => break true,
                RunOutcome::Error(e) => {
                    console::write_str(&e.traceback);
                    break false;
                }
            }
        };
    println!("global heap peak {} bytes", heap::peak());
    console::exit(ok)
}
