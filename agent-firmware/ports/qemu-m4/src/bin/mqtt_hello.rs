//! Network proof: brings up the LAN9118, gets an address by DHCP from QEMU's user network,
//! connects to the MQTT broker relayed at 10.0.2.100:1883 and publishes one retained hello
//! message (retained, so a subscriber that starts late still sees it).
//!
//! The topic is the first argument (`-append TOPIC`, default `pyrite/firmware/hello`). Exit status 0
//! once the broker acknowledged the publish (QoS 1), 1 on any failure or after 30 s.
#![no_std]
#![no_main]

use embassy_executor::Spawner;
use embassy_net::tcp::TcpSocket;
use embassy_net::{Ipv4Address, Stack, StackResources};
use embassy_time::{Duration, with_timeout};
use minimq::{Buffers, ConfigBuilder, Publication, QoS, Session};
use pyrite_port_qemu_m4::{console, eth, lan9118, println, semihost_fs, time_driver};
use static_cell::StaticCell;

/// Where QEMU's `guestfwd` relays the broker.
const BROKER: (Ipv4Address, u16) = (Ipv4Address::new(10, 0, 2, 100), 1883);

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, eth::Ethernet>) -> ! {
    runner.run().await
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    pyrite_port_qemu_m4::init_heap!(16 * 1024);
    let core = cortex_m::Peripherals::take().expect("core peripherals taken once");
    time_driver::init(core.SYST);

    let mut cmdline = [0u8; 128];
    let topic = semihost_fs::args(&mut cmdline)
        .next()
        .unwrap_or("pyrite/firmware/hello");

    // SAFETY: the LAN9118 at its MPS2 address is driven by this image only.
    let dev = match unsafe { lan9118::Lan9118::new(lan9118::MPS2_BASE) } {
        Ok(dev) => dev,
        Err(e) => {
            println!("ethernet: {e}");
            console::exit(false);
        }
    };
    let mac = dev.mac_address();
    println!(
        "lan9118 id {:#010x}, mac {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        dev.id_rev(),
        mac[0],
        mac[1],
        mac[2],
        mac[3],
        mac[4],
        mac[5]
    );

    static RESOURCES: StaticCell<StackResources<3>> = StaticCell::new();
    let seed = u64::from_le_bytes([mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], 0x5a, 0xa5]);
    let (stack, runner) = embassy_net::new(
        eth::Ethernet::new(dev),
        embassy_net::Config::dhcpv4(Default::default()),
        RESOURCES.init(StackResources::new()),
        seed,
    );
    spawner.spawn(net_task(runner).expect("one network task"));

    let ok = with_timeout(Duration::from_secs(30), hello(stack, topic)).await;
    match ok {
        Ok(Ok(())) => {
            println!("published hello on {topic}");
            console::exit(true)
        }
        Ok(Err(e)) => {
            println!("mqtt hello failed: {e}");
            console::exit(false)
        }
        Err(_) => {
            println!("mqtt hello timed out");
            console::exit(false)
        }
    }
}

async fn hello(stack: Stack<'static>, topic: &str) -> Result<(), &'static str> {
    stack.wait_config_up().await;
    if let Some(config) = stack.config_v4() {
        println!("dhcp: address {}", config.address);
    }
    let mut rx = [0u8; 1024];
    let mut tx = [0u8; 1024];
    let mut socket = TcpSocket::new(stack, &mut rx, &mut tx);
    socket.set_timeout(Some(Duration::from_secs(10)));
    socket
        .connect(BROKER)
        .await
        .map_err(|_| "tcp connect to the broker failed")?;
    println!("tcp connected to {}:{}", BROKER.0, BROKER.1);

    let mut mqtt_rx = [0u8; 512];
    let mut mqtt_tx = [0u8; 512];
    let config = ConfigBuilder::new(Buffers::new(&mut mqtt_rx, &mut mqtt_tx))
        .client_id("pyrite-qemu-m4")
        .map_err(|_| "client id rejected")?;
    let mut session = Session::new(config);
    let mut conn = session
        .connect(socket)
        .await
        .map_err(|_| "mqtt connect failed")?;
    println!("mqtt connected");
    let op = conn
        .publish(
            Publication::new(topic, b"hello from pyrite on a Cortex-M4".as_slice())
                .qos(QoS::AtLeastOnce)
                .retain(),
        )
        .await
        .map_err(|_| "mqtt publish failed")?
        .ok_or("a QoS 1 publish has an operation to track")?;
    // Drive the session until the broker's PUBACK has been handled.
    while conn.is_pending(&op) {
        conn.poll().await.map_err(|_| "mqtt connection lost")?;
    }
    conn.disconnect().await.ok();
    Ok(())
}
