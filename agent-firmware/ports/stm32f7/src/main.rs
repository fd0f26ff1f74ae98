//! Pyrite on the STM32F767ZI (NUCLEO-F767ZI): Cortex-M7, RMII Ethernet (LAN8742A PHY) through
//! embassy-stm32, embassy-net with DHCP, and the same device code as every other port.
//!
//! This port exists to keep the shared code honest about portability (another vendor's HAL,
//! another Ethernet MAC). Its store is the chip's own flash (`store.rs`): 4 KiB logical pages
//! laid on sectors of flash bank 2 (the image has bank 1), so bundles survive a reset.
//! Apps run in the Pyrite interpreter; `machine` reaches the LEDs, button and header pins
//! through `hal.rs`.
//! Provisioning is compiled in (`option_env!`): `PYRITE_SERVER` (`IPv4:port` of the fleet's
//! HTTP API), `PYRITE_ENROLL_TOKEN`, `PYRITE_DEVICE_ID`.
#![no_std]
#![no_main]

extern crate alloc;

mod hal;
mod store;

use core::net::SocketAddrV4;

use embassy_executor::Spawner;
use embassy_net::StackResources;
use embassy_stm32::eth::{self, Ethernet, GenericPhy, PacketQueue, Sma};
use embassy_stm32::flash::Flash;
use embassy_stm32::peripherals::{ETH, ETH_SMA};
use embassy_stm32::time::Hertz;
use embassy_stm32::{Config, bind_interrupts};
use embassy_time::{Duration, Timer};
use embedded_alloc::LlffHeap;
use pyrite_agent_core::pyrite_engine::PyriteEngineFactory;
use pyrite_port_common::device::{self, DeviceSettings};
use static_cell::StaticCell;

#[global_allocator]
static HEAP: LlffHeap = LlffHeap::empty();
const HEAP_BYTES: usize = 320 * 1024;
/// The interpreter heap each app gets.
const APP_HEAP_BYTES: usize = 64 * 1024;

const SERVER: &str = match option_env!("PYRITE_SERVER") {
    Some(v) => v,
    None => "192.168.1.10:8080",
};
const TOKEN: &str = match option_env!("PYRITE_ENROLL_TOKEN") {
    Some(v) => v,
    None => "",
};
const DEVICE_ID: &str = match option_env!("PYRITE_DEVICE_ID") {
    Some(v) => v,
    None => "stm32f767",
};

bind_interrupts!(struct Irqs {
    ETH => eth::InterruptHandler;
});

type Device = Ethernet<'static, ETH, GenericPhy<Sma<'static, ETH_SMA>>>;

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, Device>) -> ! {
    runner.run().await
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    {
        static mut HEAP_BLOCK: [core::mem::MaybeUninit<u8>; HEAP_BYTES] =
            [core::mem::MaybeUninit::uninit(); HEAP_BYTES];
        // SAFETY: the block is used by nothing else and handed over once, before any allocation.
        unsafe { HEAP.init((&raw mut HEAP_BLOCK) as usize, HEAP_BYTES) }
    }

    let mut config = Config::default();
    {
        use embassy_stm32::rcc::*;
        // NUCLEO: 8 MHz from the ST-LINK's MCO; 216 MHz core.
        config.rcc.hse = Some(Hse {
            freq: Hertz(8_000_000),
            mode: HseMode::Bypass,
        });
        config.rcc.pll_src = PllSource::HSE;
        config.rcc.pll = Some(Pll {
            prediv: PllPreDiv::DIV4,
            mul: PllMul::MUL216,
            divp: Some(PllPDiv::DIV2),
            divq: None,
            divr: None,
        });
        config.rcc.ahb_pre = AHBPrescaler::DIV1;
        config.rcc.apb1_pre = APBPrescaler::DIV4;
        config.rcc.apb2_pre = APBPrescaler::DIV2;
        config.rcc.sys = Sysclk::PLL1_P;
    }
    let p = embassy_stm32::init(config);

    // A locally administered MAC derived from the chip's unique id.
    let uid = embassy_stm32::uid::uid();
    let mac = [0x02, uid[0], uid[1], uid[2], uid[3], uid[4]];
    static PACKETS: StaticCell<PacketQueue<4, 4>> = StaticCell::new();
    let device = Ethernet::new(
        PACKETS.init(PacketQueue::<4, 4>::new()),
        p.ETH,
        Irqs,
        p.PA1,
        p.PA7,
        p.PC4,
        p.PC5,
        p.PG13,
        p.PB13,
        p.PG11,
        mac,
        p.ETH_SMA,
        p.PA2,
        p.PC1,
    );
    static RESOURCES: StaticCell<StackResources<4>> = StaticCell::new();
    let seed = u64::from_le_bytes([
        uid[4], uid[5], uid[6], uid[7], uid[8], uid[9], uid[10], uid[11],
    ]);
    let (stack, runner) = embassy_net::new(
        device,
        embassy_net::Config::dhcpv4(Default::default()),
        RESOURCES.init(StackResources::new()),
        seed,
    );
    spawner.spawn(net_task(runner).expect("one network task"));

    let Ok(server) = SERVER.parse::<SocketAddrV4>() else {
        halt().await
    };
    let settings = DeviceSettings {
        device_id: DEVICE_ID,
        server,
        token: TOKEN,
        platform: "stm32f767zi",
        interpreter_version: pyrite::VERSION,
        seed: seed as u32,
    };
    let Ok(store) = store::open(Flash::new_blocking(p.FLASH)) else {
        halt().await
    };
    // Logs go nowhere on this board (no console wired up); the server sees the agent's own.
    let apps = PyriteEngineFactory::new(hal::NucleoHal::default(), APP_HEAP_BYTES);
    match device::run(stack, store, apps, &settings, |_| {}).await {
        Ok(_reboot) => cortex_m::peripheral::SCB::sys_reset(),
        Err(_) => halt().await,
    }
}

/// Parks the CPU after a provisioning error (a rebuild with correct settings is needed).
async fn halt() -> ! {
    loop {
        Timer::after(Duration::from_secs(60)).await;
    }
}

/// A panic on a deployed device restarts it: the agent's boot counter then decides whether the
/// running bundle is crash-looping and must be rolled back.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    cortex_m::peripheral::SCB::sys_reset()
}
