//! The Pyrite agent on the emulated Cortex-M4: the whole device.
//!
//! Boot: LAN9118 + embassy-net (DHCP from QEMU's user network) → enrollment over HTTP unless
//! the store holds a saved answer (PROTOCOL.md §3) → the platform-free agent booted from the
//! A/B store (a host file standing in for flash) → the MQTT link, which feeds the agent broker
//! messages and runs the app in slices. A reboot request resets the board (SYSRESETREQ); QEMU
//! restarts the image and the agent boots again from its store.
//!
//! Settings come from the command line: see `pyrite_port_qemu_m4::settings`.
#![no_std]
#![no_main]

extern crate alloc;

use core::net::SocketAddrV4;

use embassy_executor::Spawner;
use embassy_net::StackResources;
use pyrite_port_common::device::{self, DeviceSettings};
use pyrite_port_qemu_m4::host_flash::HostFlash;
use pyrite_port_qemu_m4::settings::Settings;
use pyrite_port_qemu_m4::{console, engine, eth, heap, lan9118, println, semihost_fs, time_driver};
use static_cell::StaticCell;

/// Global heap: the interpreter (64 KiB GC heap, plus its code and tables outside it and the
/// growth of its object table) and the agent (MQTT and TCP buffers, the bundle being verified,
/// the running bundle's files).
const HEAP_BYTES: usize = 512 * 1024;
/// The store: 4 KiB pages, 128 of them (metadata, two slots, the enrollment record).
const FLASH_PAGE: usize = 4096;
const FLASH_PAGES: usize = 128;

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, eth::Ethernet>) -> ! {
    runner.run().await
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    pyrite_port_qemu_m4::init_heap!(HEAP_BYTES);
    let core = cortex_m::Peripherals::take().expect("core peripherals taken once");
    time_driver::init(core.SYST);

    let mut cmdline = [0u8; 512];
    let settings = match Settings::parse(semihost_fs::args(&mut cmdline)) {
        Ok(s) => s,
        Err(e) => fail(&e),
    };
    let Ok(server) = settings.server.parse::<SocketAddrV4>() else {
        fail("server= must be IPv4:port")
    };
    let flash = match HostFlash::open(&settings.flash_file, FLASH_PAGE, FLASH_PAGES) {
        Ok(f) => f,
        Err(e) => fail(&alloc::format!("flash store: {e}")),
    };

    // SAFETY: the LAN9118 at its MPS2 address is driven by this image only.
    let dev = match unsafe { lan9118::Lan9118::new(lan9118::MPS2_BASE) } {
        Ok(dev) => dev,
        Err(e) => fail(&alloc::format!("ethernet: {e}")),
    };
    let mac = dev.mac_address();
    static RESOURCES: StaticCell<StackResources<4>> = StaticCell::new();
    let seed = u64::from_le_bytes([mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], 0x17, 0x71]);
    let (stack, runner) = embassy_net::new(
        eth::Ethernet::new(dev),
        embassy_net::Config::dhcpv4(Default::default()),
        RESOURCES.init(StackResources::new()),
        seed,
    );
    spawner.spawn(net_task(runner).expect("one network task"));
    stack.wait_config_up().await;
    if let Some(config) = stack.config_v4() {
        println!("net: address {}", config.address);
    }
    println!("heap: used {} free {}", heap::used(), heap::free());

    let device_settings = DeviceSettings {
        device_id: &settings.device_id,
        server,
        token: &settings.token,
        platform: "qemu-mps2-an386-cortex-m4",
        interpreter_version: pyrite::VERSION,
        seed: seed as u32,
    };
    match device::run(stack, flash, engine::factory(), &device_settings, |line| {
        println!("{line}")
    })
    .await
    {
        Ok(_reboot) => {
            println!("agent: reboot requested");
            cortex_m::peripheral::SCB::sys_reset();
        }
        Err(e) => fail(&alloc::format!("{e}")),
    }
}

/// Reports a fatal start-up error and stops the emulation with status 1.
fn fail(why: &str) -> ! {
    println!("agent: {why}");
    console::exit(false)
}
