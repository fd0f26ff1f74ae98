//! Pyrite on the ESP32-C3: Wi-Fi station (esp-radio), embassy-net with DHCP, then the same
//! device code as every port: enrollment over HTTP (once; kept in flash), the agent on the A/B
//! store in the `pyrite` flash partition, and the MQTT link.
//!
//! Provisioning happens at flash time: `key=value` lines (`ssid`, `password`, `server`, `token`,
//! `id`) written to the `pyrite_cfg` partition (0x1F0000, see `partitions.csv` and the ports
//! README), so one built image serves every board. A key the partition does not set falls back
//! to the value compiled in from `PYRITE_WIFI_SSID`, `PYRITE_WIFI_PASSWORD` (empty for an open
//! network), `PYRITE_SERVER` (`IPv4:port` of the fleet's HTTP API), `PYRITE_ENROLL_TOKEN` and
//! `PYRITE_DEVICE_ID`.
#![no_std]
#![no_main]

extern crate alloc;

#[cfg(feature = "interpreter")]
mod hal;
mod store;

use alloc::string::String;
use alloc::vec;
use core::net::SocketAddrV4;

use embassy_executor::Spawner;
use embassy_net::{Runner, StackResources};
use embassy_time::{Duration, Timer};
use esp_hal::clock::CpuClock;
use esp_hal::rng::Rng;
use esp_hal::timer::timg::TimerGroup;
use esp_println::println;
use esp_radio::wifi::sta::StationConfig;
use esp_radio::wifi::{
    AuthenticationMethodConfig, Config as WifiConfig, Interface, WifiController,
};
use esp_storage::FlashStorage;
use pyrite_port_common::device::{self, DeviceSettings};
use pyrite_port_common::provision;
use static_cell::StaticCell;

use esp_backtrace as _;

esp_bootloader_esp_idf::esp_app_desc!();

/// The global heap's block in .bss.
const HEAP_BYTES: usize = 192 * 1024;
/// The bootloader's RAM, added to the heap at start-up.
const RECLAIMED_HEAP_BYTES: usize = 64 * 1024;

/// The provisioning partition (`pyrite_cfg` in partitions.csv).
const PROVISION_OFFSET: u32 = 0x1F_0000;
const PROVISION_SIZE: usize = 4096;

const SSID: &str = match option_env!("PYRITE_WIFI_SSID") {
    Some(v) => v,
    None => "",
};
const PASSWORD: &str = match option_env!("PYRITE_WIFI_PASSWORD") {
    Some(v) => v,
    None => "",
};
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
    None => "esp32c3",
};

#[embassy_executor::task]
async fn net_task(mut runner: Runner<'static, Interface>) -> ! {
    runner.run().await
}

/// Keeps the station associated: connects, waits for a disconnect, retries with a pause.
#[embassy_executor::task]
async fn wifi_task(mut controller: WifiController<'static>) -> ! {
    loop {
        match controller.connect_async().await {
            Ok(info) => {
                println!(
                    "wifi: associated with {:?} on channel {}",
                    info.ssid, info.channel
                );
                if let Err(e) = controller.wait_for_disconnect_async().await {
                    println!("wifi: waiting for disconnect failed: {e:?}");
                }
                println!("wifi: disconnected");
            }
            Err(e) => println!("wifi: connect failed: {e:?}"),
        }
        Timer::after(Duration::from_secs(5)).await;
    }
}

#[esp_rtos::main]
async fn main(spawner: Spawner) -> ! {
    let peripherals = esp_hal::init(esp_hal::Config::default().with_cpu_clock(CpuClock::max()));
    // One heap for everything: the Wi-Fi driver (~50 KiB), the network buffers, the agent and
    // the interpreter (64 KiB per app plus its compiler's passes). Two regions: a block in
    // .bss, and the RAM the second-stage bootloader used, reclaimed once the app runs.
    esp_alloc::heap_allocator!(#[esp_hal::ram(reclaimed)] size: RECLAIMED_HEAP_BYTES);
    esp_alloc::heap_allocator!(size: HEAP_BYTES);

    let timg0 = TimerGroup::new(peripherals.TIMG0);
    esp_rtos::start(timg0.timer0, peripherals.FROM_CPU_INTR0);

    // Settings: the provisioning partition first, then what was compiled in.
    let mut storage = FlashStorage::new(peripherals.FLASH);
    let mut sector = vec![0xFFu8; PROVISION_SIZE];
    if storage.read_nor(PROVISION_OFFSET, &mut sector).is_err() {
        println!("pyrite esp32c3: cannot read the pyrite_cfg partition; using built-in settings");
        sector.fill(0xFF);
    }
    let provisioned = match provision::parse(&sector) {
        Ok(p) => p,
        Err(e) => {
            println!("{e}");
            halt("rewrite the pyrite_cfg partition (see the ports README)").await
        }
    };
    drop(sector);
    let ssid = provisioned.ssid.unwrap_or_else(|| String::from(SSID));
    let password = provisioned
        .password
        .unwrap_or_else(|| String::from(PASSWORD));
    let server_text = provisioned.server.unwrap_or_else(|| String::from(SERVER));
    let token = provisioned.token.unwrap_or_else(|| String::from(TOKEN));
    let device_id = provisioned
        .device_id
        .unwrap_or_else(|| String::from(DEVICE_ID));
    println!("pyrite esp32c3: device {device_id}, ssid {ssid:?}, server {server_text}");

    let Ok(server) = server_text.parse::<SocketAddrV4>() else {
        halt("server must be IPv4:port").await
    };
    let Ok(ssid) = ssid.as_str().try_into() else {
        halt("the Wi-Fi SSID is longer than 32 bytes").await
    };
    let station_config = StationConfig::default()
        .with_ssid(ssid)
        .with_authentication(if password.is_empty() {
            AuthenticationMethodConfig::Open
        } else {
            match password.as_str().try_into() {
                Ok(password) => AuthenticationMethodConfig::WpaWpa2Personal(password),
                Err(_) => halt("the Wi-Fi password is longer than 64 bytes").await,
            }
        });
    let mut controller = match WifiController::new(peripherals.WIFI, Default::default()) {
        Ok(c) => c,
        Err(e) => {
            println!("wifi: {e:?}");
            halt("the Wi-Fi controller did not start").await
        }
    };
    if let Err(e) = controller.set_config(&WifiConfig::Station(station_config)) {
        println!("wifi: {e:?}");
        halt("the Wi-Fi configuration was refused").await
    }
    let station = Interface::station();

    let rng = Rng::new();
    let seed = (u64::from(rng.random()) << 32) | u64::from(rng.random());
    static RESOURCES: StaticCell<StackResources<4>> = StaticCell::new();
    let (stack, runner) = embassy_net::new(
        station,
        embassy_net::Config::dhcpv4(Default::default()),
        RESOURCES.init(StackResources::new()),
        seed,
    );
    spawner.spawn(net_task(runner).expect("one network task"));
    spawner.spawn(wifi_task(controller).expect("one wifi task"));

    stack.wait_config_up().await;
    if let Some(config) = stack.config_v4() {
        println!("dhcp: address {}", config.address);
    }
    let flash = store::SpiFlashStore::new(storage);
    let settings = DeviceSettings {
        device_id: &device_id,
        server,
        token: &token,
        platform: "esp32c3",
        interpreter_version: INTERPRETER_VERSION,
        seed: seed as u32,
    };
    match device::run(stack, flash, engine_factory(), &settings, |line| {
        println!("{line}")
    })
    .await
    {
        Ok(_reboot) => {
            println!("agent: reboot requested");
            esp_hal::system::software_reset()
        }
        Err(e) => {
            println!("agent: {e}");
            halt("cannot run the agent").await
        }
    }
}
/// The interpreter heap each app gets.
#[cfg(feature = "interpreter")]
const APP_HEAP_BYTES: usize = 64 * 1024;

#[cfg(feature = "interpreter")]
const INTERPRETER_VERSION: &str = pyrite::VERSION;
#[cfg(not(feature = "interpreter"))]
const INTERPRETER_VERSION: &str = "none";

/// Apps run in the Pyrite interpreter; `machine` reaches the chip through `hal.rs`.
#[cfg(feature = "interpreter")]
fn engine_factory() -> pyrite_agent_core::pyrite_engine::PyriteEngineFactory<hal::Esp32c3Hal> {
    pyrite_agent_core::pyrite_engine::PyriteEngineFactory::new(
        hal::Esp32c3Hal::default(),
        APP_HEAP_BYTES,
    )
}

/// Without the interpreter: the agent core's scripted stand-in engine.
#[cfg(not(feature = "interpreter"))]
fn engine_factory() -> pyrite_agent_core::fake_engine::FakeEngineFactory {
    pyrite_agent_core::fake_engine::FakeEngineFactory::default()
}

/// Reports a provisioning error and parks the CPU (a rebuild with fixed settings is needed).
async fn halt(why: &str) -> ! {
    loop {
        println!("pyrite esp32c3: {why}");
        Timer::after(Duration::from_secs(10)).await;
    }
}
