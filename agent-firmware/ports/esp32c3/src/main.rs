//! Pyrite on the ESP32-C3: Wi-Fi station (esp-radio), embassy-net with DHCP, and the MQTT link
//! to the fleet's broker.
//!
//! Provisioning happens at build time, through environment variables read with `option_env!`
//! (see the ports README): `PYRITE_WIFI_SSID`, `PYRITE_WIFI_PASSWORD` (empty for an open
//! network), `PYRITE_MQTT_BROKER` (`IPv4:port` of the server's broker) and `PYRITE_DEVICE_ID`.
#![no_std]
#![no_main]

use core::net::SocketAddrV4;

use embassy_executor::Spawner;
use embassy_net::{IpEndpoint, Runner, StackResources};
use embassy_time::{Duration, Timer};
use esp_hal::clock::CpuClock;
use esp_hal::rng::Rng;
use esp_hal::timer::timg::TimerGroup;
use esp_println::println;
use esp_radio::wifi::sta::StationConfig;
use esp_radio::wifi::{
    AuthenticationMethodConfig, Config as WifiConfig, Interface, WifiController,
};
use static_cell::StaticCell;

use esp_backtrace as _;

esp_bootloader_esp_idf::esp_app_desc!();

const SSID: &str = match option_env!("PYRITE_WIFI_SSID") {
    Some(v) => v,
    None => "",
};
const PASSWORD: &str = match option_env!("PYRITE_WIFI_PASSWORD") {
    Some(v) => v,
    None => "",
};
const BROKER: &str = match option_env!("PYRITE_MQTT_BROKER") {
    Some(v) => v,
    None => "192.168.1.10:1883",
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
    // The Wi-Fi driver needs ~50 KiB of heap; the rest is for the agent and the interpreter.
    esp_alloc::heap_allocator!(size: 160 * 1024);

    let timg0 = TimerGroup::new(peripherals.TIMG0);
    esp_rtos::start(timg0.timer0, peripherals.FROM_CPU_INTR0);
    println!("pyrite esp32c3: device {DEVICE_ID}, ssid {SSID:?}, broker {BROKER}");

    let Ok(broker) = BROKER.parse::<SocketAddrV4>() else {
        halt("PYRITE_MQTT_BROKER must be IPv4:port").await
    };

    let station_config = StationConfig::default()
        .with_ssid(SSID.try_into().unwrap_or_default())
        .with_authentication(if PASSWORD.is_empty() {
            AuthenticationMethodConfig::Open
        } else {
            match PASSWORD.try_into() {
                Ok(password) => AuthenticationMethodConfig::WpaWpa2Personal(password),
                Err(_) => halt("PYRITE_WIFI_PASSWORD is too long").await,
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
    let endpoint = IpEndpoint::from(broker);
    loop {
        match pyrite_port_common::mqtt::publish_once(
            stack,
            endpoint,
            DEVICE_ID,
            "pyrite/firmware/hello",
            b"hello from pyrite on an ESP32-C3",
        )
        .await
        {
            Ok(()) => println!("mqtt: hello published"),
            Err(e) => println!("mqtt: {e}"),
        }
        Timer::after(Duration::from_secs(30)).await;
    }
}

/// Reports a provisioning error and parks the CPU (a rebuild with fixed settings is needed).
async fn halt(why: &str) -> ! {
    loop {
        println!("pyrite esp32c3: {why}");
        Timer::after(Duration::from_secs(10)).await;
    }
}
