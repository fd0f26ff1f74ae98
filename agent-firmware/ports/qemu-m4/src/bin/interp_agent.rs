//! Footprint image: the interpreter and the agent core, without the network. Boots the agent on
//! the store, then measures (1) the global heap the agent holds after boot, (2) the interpreter
//! heap left for a script once the agent's `fleet`/`machine` modules are loaded, and (3) the
//! smallest interpreter heap in which the sample sensor app (examples/sensor) runs ten readings.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;

use cortex_m_rt::entry;
use pyrite_agent_core::engine::{ScriptEngine, ScriptIo, SliceOutcome};
use pyrite_agent_core::pyrite_engine::PyriteEngine;
use pyrite_agent_core::{Agent, AgentConfig};
use pyrite_port_qemu_m4::hal::Mps2Hal;
use pyrite_port_qemu_m4::host_flash::HostFlash;
use pyrite_port_qemu_m4::{console, engine, heap, println, time_driver};
use pyrite_protocol::DeviceId;
use pyrite_protocol::keys::TrustedKeys;

const SENSOR_APP: &str = include_str!("../../../../../examples/sensor/main.py");

#[entry]
fn main() -> ! {
    pyrite_port_qemu_m4::init_heap!(1024 * 1024);
    let core = cortex_m::Peripherals::take().expect("core peripherals taken once");
    time_driver::init(core.SYST);

    let Ok(device_id) = DeviceId::new("footprint") else {
        console::exit(false)
    };
    let Ok(keys) = TrustedKeys::new([]) else {
        console::exit(false)
    };
    let Ok(flash) = HostFlash::open("pyrite-footprint-flash.bin", 4096, 64) else {
        println!("cannot open the store");
        console::exit(false)
    };
    let before = heap::used();
    let agent = match Agent::boot(
        AgentConfig::new(device_id, keys),
        flash,
        engine::factory(),
        0,
    ) {
        Ok(agent) => agent,
        Err(e) => {
            println!("agent: {e}");
            console::exit(false)
        }
    };
    println!(
        "agent holds {} bytes of global heap after boot",
        heap::used() - before
    );

    let mut probe = PyriteEngine::new(
        io(),
        alloc::boxed::Box::new(Mps2Hal::default()),
        engine::APP_HEAP_BYTES,
    );
    println!(
        "interpreter heap left for scripts: {} of {} bytes",
        probe.free_heap(),
        engine::APP_HEAP_BYTES
    );
    drop(probe);

    // Smallest heap (1 KiB steps, binary search) in which the sensor app runs ten readings.
    let (mut lo, mut hi) = (1024usize, 256 * 1024);
    if !sensor_runs(hi) {
        println!("the sensor app does not run even in {hi} bytes");
        console::exit(false)
    }
    while hi - lo > 1024 {
        let mid = (lo + hi) / 2;
        if sensor_runs(mid) { hi = mid } else { lo = mid }
    }
    println!("smallest heap for the sensor app: {hi} bytes");
    println!("global heap peak {} bytes", heap::peak());
    drop(agent);
    console::exit(true)
}

fn io() -> ScriptIo {
    ScriptIo {
        device_id: String::from("footprint"),
        config_json: String::from("{\"interval_s\": 1}"),
        ..ScriptIo::default()
    }
}

/// Whether the sensor app completes ten readings (ten sleeps) in `heap_bytes` without raising.
fn sensor_runs(heap_bytes: usize) -> bool {
    let mut engine =
        PyriteEngine::new(io(), alloc::boxed::Box::new(Mps2Hal::default()), heap_bytes);
    if engine.start("main.py", SENSOR_APP).is_err() {
        return false;
    }
    // An interpreter that raised our limit to its own floor would hide the answer.
    if engine.interpreter_mut().heap_stats().limit > heap_bytes {
        return false;
    }
    let mut sleeps = 0;
    for _ in 0..100_000 {
        match engine.run(5_000) {
            SliceOutcome::Yielded => {}
            SliceOutcome::Sleeping { until_ms } => {
                sleeps += 1;
                if sleeps == 10 {
                    return true;
                }
                engine.io().now_ms = until_ms;
                engine.io().output.clear();
                engine.io().published.clear();
                engine.io().logs.clear();
            }
            SliceOutcome::Done => return false,
            // MemoryError (or anything else): this heap is too small for the app.
            SliceOutcome::Error(_) => return false,
        }
    }
    false
}
