//! The LAN9118 as an `embassy-net` device: frames move between the controller's FIFOs and
//! smoltcp's buffers, and the controller's "frame received" interrupt wakes the network task.

use core::task::Context;

use cortex_m::interrupt::InterruptNumber;
use cortex_m::peripheral::NVIC;
use cortex_m_rt::exception;
use embassy_net_driver::{Capabilities, Driver, HardwareAddress, LinkState, RxToken, TxToken};
use embassy_sync::waitqueue::AtomicWaker;

use crate::lan9118::{self, Lan9118};

static RX_WAKER: AtomicWaker = AtomicWaker::new();

/// The MPS2 Ethernet interrupt line.
#[derive(Clone, Copy)]
struct EthernetIrq;

// SAFETY: 13 is the LAN9118's line on MPS2 AN385/AN386 and within the NVIC's range.
unsafe impl InterruptNumber for EthernetIrq {
    fn number(self) -> u16 {
        lan9118::MPS2_IRQ
    }
}

/// The network device handed to `embassy_net::new`.
pub struct Ethernet {
    dev: Lan9118,
    rx: [u8; lan9118::MAX_FRAME],
    tx: [u8; lan9118::MAX_FRAME],
}

impl Ethernet {
    /// Takes over a reset controller and enables its receive interrupt.
    pub fn new(mut dev: Lan9118) -> Self {
        dev.take_interrupts();
        dev.set_rx_interrupt(true);
        // SAFETY: the handler below only touches the interrupt status register and a waker.
        unsafe { NVIC::unmask(EthernetIrq) };
        Ethernet {
            dev,
            rx: [0; lan9118::MAX_FRAME],
            tx: [0; lan9118::MAX_FRAME],
        }
    }
}

/// A received frame, lent to smoltcp.
pub struct Rx<'a> {
    frame: &'a mut [u8],
}

/// Room for one outgoing frame, lent to smoltcp.
pub struct Tx<'a> {
    dev: &'a mut Lan9118,
    buf: &'a mut [u8; lan9118::MAX_FRAME],
}

impl RxToken for Rx<'_> {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, f: F) -> R {
        f(self.frame)
    }
}

impl TxToken for Tx<'_> {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, len: usize, f: F) -> R {
        let frame = &mut self.buf[..len.min(lan9118::MAX_FRAME)];
        let result = f(frame);
        self.dev.transmit(frame);
        result
    }
}

impl Driver for Ethernet {
    type RxToken<'a> = Rx<'a>;
    type TxToken<'a> = Tx<'a>;

    fn receive(&mut self, cx: &mut Context) -> Option<(Rx<'_>, Tx<'_>)> {
        // Register first, so a frame arriving right after the check below still wakes us.
        RX_WAKER.register(cx.waker());
        if !self.dev.tx_ready() {
            cx.waker().wake_by_ref();
            return None;
        }
        let len = self.dev.receive(&mut self.rx)?;
        Some((
            Rx {
                frame: &mut self.rx[..len],
            },
            Tx {
                dev: &mut self.dev,
                buf: &mut self.tx,
            },
        ))
    }

    fn transmit(&mut self, cx: &mut Context) -> Option<Tx<'_>> {
        if !self.dev.tx_ready() {
            // The FIFO drains on its own (QEMU sends at once); try again on the next poll.
            cx.waker().wake_by_ref();
            return None;
        }
        Some(Tx {
            dev: &mut self.dev,
            buf: &mut self.tx,
        })
    }

    fn link_state(&mut self, _cx: &mut Context) -> LinkState {
        if self.dev.link_up() {
            LinkState::Up
        } else {
            LinkState::Down
        }
    }

    fn capabilities(&self) -> Capabilities {
        let mut caps = Capabilities::default();
        caps.max_transmission_unit = lan9118::MAX_FRAME;
        caps.max_burst_size = Some(1);
        caps
    }

    fn hardware_address(&self) -> HardwareAddress {
        HardwareAddress::Ethernet(self.dev.mac_address())
    }
}

/// Interrupts without a handler of their own land here (cortex-m-rt's default vector).
#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    if irqn == lan9118::MPS2_IRQ as i16 {
        // Acknowledge at the controller (the line is level-triggered), then wake the stack.
        // SAFETY: a single write to the write-1-to-clear status register, which the driver
        // itself never writes outside start-up.
        unsafe {
            core::ptr::write_volatile((lan9118::MPS2_BASE + 0x58) as *mut u32, lan9118::INT_RSFL)
        };
        RX_WAKER.wake();
    }
}
