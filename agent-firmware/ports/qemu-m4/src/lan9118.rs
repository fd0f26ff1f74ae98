//! A register-level driver for the SMSC LAN9118 Ethernet controller (32-bit bus mode), as
//! wired on Arm's MPS2 boards (QEMU `mps2-an386`: base 0x4020_0000, IRQ 13).
//!
//! The controller keeps whole frames in on-chip FIFOs, so the driver needs no DMA descriptors:
//! a frame is sent by pushing two command words and the data words into the TX data FIFO, and
//! received by popping a status word, then the frame's words, from the RX FIFOs.

use core::ptr::{read_volatile, write_volatile};

/// The base address on the MPS2 AN385/AN386 boards.
pub const MPS2_BASE: usize = 0x4020_0000;
/// The NVIC interrupt line on the MPS2 AN385/AN386 boards.
pub const MPS2_IRQ: u16 = 13;

/// The largest Ethernet frame handled (without the FCS).
pub const MAX_FRAME: usize = 1514;

// Direct registers (byte offsets).
const RX_DATA_FIFO: usize = 0x00;
const TX_DATA_FIFO: usize = 0x20;
const RX_STATUS_FIFO: usize = 0x40;
const TX_STATUS_FIFO: usize = 0x48;
const ID_REV: usize = 0x50;
const IRQ_CFG: usize = 0x54;
const INT_STS: usize = 0x58;
const INT_EN: usize = 0x5c;
const BYTE_TEST: usize = 0x64;
const RX_CFG: usize = 0x6c;
const TX_CFG: usize = 0x70;
const HW_CFG: usize = 0x74;
const RX_DP_CTRL: usize = 0x78;
const RX_FIFO_INF: usize = 0x7c;
const TX_FIFO_INF: usize = 0x80;
const MAC_CSR_CMD: usize = 0xa4;
const MAC_CSR_DATA: usize = 0xa8;

// MAC registers (through MAC_CSR_CMD/DATA).
const MAC_CR: u32 = 1;
const MAC_ADDRH: u32 = 2;
const MAC_ADDRL: u32 = 3;
const MAC_MII_ACC: u32 = 6;
const MAC_MII_DATA: u32 = 7;

const BYTE_TEST_VALUE: u32 = 0x8765_4321;
const HW_CFG_SRST: u32 = 1;
const MAC_CSR_BUSY: u32 = 1 << 31;
const MAC_CSR_READ: u32 = 1 << 30;
const MAC_CR_FDPX: u32 = 1 << 20;
const MAC_CR_TXEN: u32 = 1 << 3;
const MAC_CR_RXEN: u32 = 1 << 2;
const TX_CFG_TX_ON: u32 = 1 << 1;
const TX_CFG_TXSAO: u32 = 1 << 2;
const TX_CMD_A_FIRST: u32 = 1 << 13;
const TX_CMD_A_LAST: u32 = 1 << 12;
const RX_DP_CTRL_FFWD: u32 = 1 << 31;
const RX_STS_ERROR: u32 = 1 << 15;
const PHY_ADDR: u32 = 1;
const PHY_BASIC_STATUS: u32 = 1;
const PHY_LINK_UP: u32 = 1 << 2;
const IRQ_CFG_EN_PUSH_PULL_HIGH: u32 = (1 << 8) | (1 << 4) | 1;
/// RX status FIFO level interrupt: at least one frame waits.
pub const INT_RSFL: u32 = 1 << 3;

/// Why the controller could not be brought up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// BYTE_TEST did not read back its fixed pattern: no LAN9118 at this address.
    NotFound(u32),
    /// The soft reset did not complete.
    ResetTimeout,
    /// A MAC register access did not complete.
    MacTimeout,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::NotFound(v) => write!(f, "no LAN9118 found (BYTE_TEST read {v:#010x})"),
            Error::ResetTimeout => f.write_str("LAN9118 soft reset timed out"),
            Error::MacTimeout => f.write_str("LAN9118 MAC register access timed out"),
        }
    }
}

/// One LAN9118 controller.
pub struct Lan9118 {
    base: usize,
    mac: [u8; 6],
}

impl Lan9118 {
    /// Resets the controller at `base` and enables transmit and receive.
    ///
    /// # Safety
    /// `base` must be the address of a LAN9118 that nothing else drives.
    pub unsafe fn new(base: usize) -> Result<Self, Error> {
        let mut dev = Lan9118 { base, mac: [0; 6] };
        let test = dev.read(BYTE_TEST);
        if test != BYTE_TEST_VALUE {
            return Err(Error::NotFound(test));
        }
        dev.write(HW_CFG, HW_CFG_SRST);
        if !spin_until(|| dev.read(HW_CFG) & HW_CFG_SRST == 0) {
            return Err(Error::ResetTimeout);
        }
        let low = dev.mac_read(MAC_ADDRL)?;
        let high = dev.mac_read(MAC_ADDRH)?;
        dev.mac = [
            low as u8,
            (low >> 8) as u8,
            (low >> 16) as u8,
            (low >> 24) as u8,
            high as u8,
            (high >> 8) as u8,
        ];
        // Exact-match unicast plus broadcast, full duplex: what an IPv4 host needs.
        dev.mac_write(MAC_CR, MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_FDPX)?;
        dev.write(TX_CFG, TX_CFG_TX_ON | TX_CFG_TXSAO);
        dev.write(RX_CFG, 0);
        dev.write(INT_STS, u32::MAX);
        dev.write(IRQ_CFG, IRQ_CFG_EN_PUSH_PULL_HIGH);
        Ok(dev)
    }

    /// The chip's identification and revision register.
    pub fn id_rev(&self) -> u32 {
        self.read(ID_REV)
    }

    /// The station address (from the controller's EEPROM, set by QEMU's `-nic ...,mac=`).
    pub fn mac_address(&self) -> [u8; 6] {
        self.mac
    }

    /// Whether the PHY reports a link.
    pub fn link_up(&mut self) -> bool {
        self.phy_read(PHY_BASIC_STATUS)
            .is_ok_and(|status| status & PHY_LINK_UP != 0)
    }

    /// Enables (or disables) the "frame received" interrupt.
    pub fn set_rx_interrupt(&mut self, enabled: bool) {
        self.write(INT_EN, if enabled { INT_RSFL } else { 0 });
    }

    /// Acknowledges all pending interrupt causes; returns them.
    pub fn take_interrupts(&mut self) -> u32 {
        let pending = self.read(INT_STS);
        self.write(INT_STS, pending);
        pending
    }

    /// Whether a received frame is waiting.
    pub fn rx_pending(&self) -> bool {
        (self.read(RX_FIFO_INF) >> 16) & 0xff != 0
    }

    /// Pops the next frame into `buf`; returns its length (without the FCS), `None` when no
    /// frame waits. Frames with errors or larger than `buf` are dropped and skipped.
    pub fn receive(&mut self, buf: &mut [u8]) -> Option<usize> {
        loop {
            if !self.rx_pending() {
                return None;
            }
            let status = self.read(RX_STATUS_FIFO);
            // Bits 29:16 hold the length including the 4-byte FCS.
            let with_fcs = ((status >> 16) & 0x3fff) as usize;
            let words = with_fcs.div_ceil(4);
            let len = with_fcs.saturating_sub(4);
            if status & RX_STS_ERROR != 0 || len > buf.len() || len < 14 {
                self.discard(words);
                continue;
            }
            let mut at = 0;
            for _ in 0..words {
                let word = self.read(RX_DATA_FIFO).to_le_bytes();
                for byte in word {
                    if at < len {
                        buf[at] = byte;
                    }
                    at += 1;
                }
            }
            return Some(len);
        }
    }

    /// Whether the TX FIFO has room for a maximum-size frame and its command words.
    pub fn tx_ready(&mut self) -> bool {
        self.drain_tx_status();
        self.read(TX_FIFO_INF) & 0xffff >= (MAX_FRAME + 16) as u32
    }

    /// Queues one frame for transmission. Frames longer than [`MAX_FRAME`] are cut.
    pub fn transmit(&mut self, frame: &[u8]) {
        let frame = &frame[..frame.len().min(MAX_FRAME)];
        let len = frame.len() as u32;
        self.write(TX_DATA_FIFO, TX_CMD_A_FIRST | TX_CMD_A_LAST | len);
        // Command B repeats the length; the upper half is a tag echoed in the TX status.
        self.write(TX_DATA_FIFO, (len << 16) | len);
        let mut chunks = frame.chunks_exact(4);
        for chunk in &mut chunks {
            self.write(
                TX_DATA_FIFO,
                u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]),
            );
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 4];
            last[..rest.len()].copy_from_slice(rest);
            self.write(TX_DATA_FIFO, u32::from_le_bytes(last));
        }
    }

    fn drain_tx_status(&mut self) {
        let used = (self.read(TX_FIFO_INF) >> 16) & 0xff;
        for _ in 0..used {
            self.read(TX_STATUS_FIFO);
        }
    }

    fn discard(&mut self, words: usize) {
        // Fast-forward is only worth it for long frames; short ones are cheaper to pop.
        if words >= 4 {
            self.write(RX_DP_CTRL, RX_DP_CTRL_FFWD);
            spin_until(|| self.read(RX_DP_CTRL) & RX_DP_CTRL_FFWD == 0);
        } else {
            for _ in 0..words {
                self.read(RX_DATA_FIFO);
            }
        }
    }

    fn mac_wait(&self) -> Result<(), Error> {
        if spin_until(|| self.read(MAC_CSR_CMD) & MAC_CSR_BUSY == 0) {
            Ok(())
        } else {
            Err(Error::MacTimeout)
        }
    }

    fn mac_read(&mut self, reg: u32) -> Result<u32, Error> {
        self.mac_wait()?;
        self.write(MAC_CSR_CMD, MAC_CSR_BUSY | MAC_CSR_READ | reg);
        self.mac_wait()?;
        Ok(self.read(MAC_CSR_DATA))
    }

    fn mac_write(&mut self, reg: u32, value: u32) -> Result<(), Error> {
        self.mac_wait()?;
        self.write(MAC_CSR_DATA, value);
        self.write(MAC_CSR_CMD, MAC_CSR_BUSY | reg);
        self.mac_wait()
    }

    fn phy_read(&mut self, reg: u32) -> Result<u32, Error> {
        // MII_ACC: PHY address in 15:11, register in 10:6, bit 0 busy.
        self.mac_write(MAC_MII_ACC, (PHY_ADDR << 11) | (reg << 6) | 1)?;
        if !spin_until(|| self.mac_read(MAC_MII_ACC).is_ok_and(|v| v & 1 == 0)) {
            return Err(Error::MacTimeout);
        }
        self.mac_read(MAC_MII_DATA).map(|v| v & 0xffff)
    }

    fn read(&self, offset: usize) -> u32 {
        // SAFETY: `new`'s contract: base is a LAN9118 register block owned by this value.
        unsafe { read_volatile((self.base + offset) as *const u32) }
    }

    fn write(&self, offset: usize, value: u32) {
        // SAFETY: as in `read`.
        unsafe { write_volatile((self.base + offset) as *mut u32, value) }
    }
}

/// Polls `done` a bounded number of times; returns whether it became true.
fn spin_until(mut done: impl FnMut() -> bool) -> bool {
    (0..100_000).any(|_| done())
}
