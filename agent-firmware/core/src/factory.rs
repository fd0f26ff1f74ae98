//! Installing a bundle on a blank device without the network (a "factory
//! image"): the same verification as a download, then the same single
//! metadata write that makes it active.

use pyrite_protocol::keys::TrustedKeys;
use pyrite_protocol::messages::RefusalReason;
use sha2::{Digest as _, Sha256};

use crate::flash::Flash;
use crate::metadata::{MetadataLog, SlotInfo, SlotState};
use crate::slots::{Layout, SlotWriter};
use crate::verify::{BundleStream, Refusal};

/// Installs `bundle` into slot A of a blank device and makes it active and
/// confirmed. Returns `Ok(false)` (and changes nothing) when the device
/// already holds a bundle or ever accepted one.
pub fn install_factory_bundle<F: Flash>(
    flash: &mut F,
    trusted: &TrustedKeys,
    interpreter_version: &str,
    bundle: &[u8],
) -> Result<bool, Refusal> {
    let storage =
        |e: &dyn core::fmt::Debug| Refusal::new(RefusalReason::Storage, alloc::format!("{e:?}"));
    let layout = Layout::for_flash(flash);
    let mut log = MetadataLog::open(flash, layout.metadata_page).map_err(|e| storage(&e))?;
    let meta = *log.state();
    if meta.active.is_some() || meta.highest_sequence > 0 {
        return Ok(false);
    }
    if bundle.len() > layout.slot_capacity() {
        return Err(Refusal::new(
            RefusalReason::TooLarge,
            "factory bundle larger than a slot",
        ));
    }
    let digest: [u8; 32] = Sha256::digest(bundle).into();
    let len = bundle.len() as u32;
    let mut stream = BundleStream::new(trusted.clone(), 0, len, digest, interpreter_version);
    stream.feed(bundle)?;
    let (manifest, _) = stream.finish()?;
    let mut writer = SlotWriter::resume(layout, 0, 0);
    writer.write(flash, bundle).map_err(|e| storage(&e))?;
    writer.finish(flash).map_err(|e| storage(&e))?;
    let mut next = meta;
    next.slots[0] = SlotInfo {
        state: SlotState::Verified,
        sequence: manifest.sequence,
        length: len,
        digest,
    };
    next.active = Some(0);
    next.confirmed = true;
    next.boot_attempts = 0;
    next.highest_sequence = manifest.sequence;
    // Booting re-verifies the slot from flash before running it.
    log.commit(flash, next).map_err(|e| storage(&e))?;
    Ok(true)
}
