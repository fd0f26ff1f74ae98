//! Size limits every Pyrite implementation enforces. They are part of the protocol:
//! a peer may refuse anything larger, so senders must stay within them.

/// Largest JSON control or telemetry payload accepted on any topic, in bytes.
/// Small enough for a device with a few KiB of MQTT buffer to receive whole.
pub const MAX_JSON_MESSAGE: usize = 8 * 1024;

/// Largest payload carried by one bundle chunk frame (the bytes after the frame header).
pub const MAX_CHUNK_SIZE: usize = 4096;

/// Default chunk size a device asks for when it has no reason to choose another.
pub const DEFAULT_CHUNK_SIZE: usize = 2048;

/// Most chunks a device may request in one window.
pub const MAX_CHUNK_WINDOW: u32 = 16;

/// Largest bundle (the whole container file) any device accepts. A device may set a lower
/// limit of its own (its slot size); it never accepts more than this.
pub const MAX_BUNDLE_SIZE: u32 = 4 * 1024 * 1024;

/// Largest encoded manifest, in bytes. The streaming verifier buffers the manifest (and
/// nothing else of size proportional to the bundle), so this bounds its RAM.
pub const MAX_MANIFEST_SIZE: usize = 16 * 1024;

/// Most files in one bundle.
pub const MAX_FILES: usize = 256;

/// Longest file path inside a bundle, in bytes of UTF-8.
pub const MAX_PATH_LEN: usize = 200;

/// Longest app name, version string or interpreter version string, in bytes.
pub const MAX_NAME_LEN: usize = 64;

/// Longest single log line, in bytes; longer lines are cut by the sender.
pub const MAX_LOG_LINE: usize = 1024;

/// Most log lines in one log batch.
pub const MAX_LOG_BATCH: usize = 32;

/// Most points (summed over all series) in one telemetry batch.
pub const MAX_TELEMETRY_POINTS: usize = 256;

/// Longest telemetry series name, in bytes. Names use `[A-Za-z0-9_.-]`.
pub const MAX_METRIC_NAME: usize = 64;

/// Largest `data` of one REPL input or output message, in bytes.
pub const MAX_REPL_DATA: usize = 2048;

/// Longest traceback or detail text in a report, in bytes; longer text is cut by the sender.
pub const MAX_REPORT_TEXT: usize = 4096;

/// Most keys in one trusted key set.
pub const MAX_TRUSTED_KEYS: usize = 16;

/// Shortest and longest device id, in bytes.
pub const DEVICE_ID_LEN: core::ops::RangeInclusive<usize> = 1..=64;
