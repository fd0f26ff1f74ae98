//! The command line: `serve`, and the operator commands that talk to a
//! server over HTTP (or work on local files: keys, bundles).

mod client;
mod commands;
mod local;
mod repl;
mod table;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Pyrite fleet server and operator CLI.
#[derive(Debug, Parser)]
#[command(name = "pyrite-fleet", version, about)]
pub struct Cli {
    /// Server URL for operator commands (default: ./pyrite-data/server-url).
    #[arg(long, global = true, env = "PYRITE_SERVER")]
    pub server: Option<String>,
    /// Operator token (default: ./pyrite-data/admin-token).
    #[arg(long, global = true, env = "PYRITE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Whether this runs the server (which logs with tracing).
    pub fn is_serve(&self) -> bool {
        matches!(self.command, Command::Serve(_))
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the fleet server.
    Serve(crate::serve::ServeArgs),
    /// Signing keys: generate a pair, trust a public key, list trusted keys.
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Bundles: build, inspect and verify files; upload, list, delete on the server.
    #[command(subcommand)]
    Bundle(BundleCmd),
    /// List devices (id, status, bundle, last seen).
    Devices {
        /// Only devices with this tag.
        #[arg(long)]
        tag: Option<String>,
    },
    /// One device: show, tag, revoke, delete, send a command.
    #[command(subcommand)]
    Device(DeviceCmd),
    /// Deploy a folder (built and signed by the server) or a signed bundle file.
    Deploy {
        /// A folder with main.py, or a .bundle file.
        path: PathBuf,
        /// DEVICE, tag:T or all.
        #[arg(long)]
        to: String,
        /// Canary wave first: N devices or N%.
        #[arg(long, conflicts_with = "waves")]
        canary: Option<String>,
        /// Waves as cumulative percentages, e.g. 5,25,50,100.
        #[arg(long, value_delimiter = ',')]
        waves: Option<Vec<u32>>,
        /// App name for a folder (default: the folder's name).
        #[arg(long)]
        app: Option<String>,
        /// Version for a folder (default: a timestamp).
        #[arg(long)]
        version: Option<String>,
        /// Halt and roll back when more than this percent of finished devices fail.
        #[arg(long)]
        failure_threshold: Option<i64>,
        /// Seconds a device must run without an uncaught exception.
        #[arg(long)]
        grace: Option<i64>,
        /// Seconds per attempt before a device is retried.
        #[arg(long)]
        step_timeout: Option<i64>,
    },
    /// List rollouts, show one (`rollouts ID`), or `rollouts pause|resume|abort ID`.
    Rollouts {
        /// A rollout id, or pause / resume / abort.
        first: Option<String>,
        /// The rollout id after pause / resume / abort.
        second: Option<String>,
    },
    /// Pause a rollout.
    Pause {
        /// Rollout id.
        id: String,
    },
    /// Resume a paused rollout.
    Resume {
        /// Rollout id.
        id: String,
    },
    /// Abort a rollout (devices keep what they run).
    Abort {
        /// Rollout id.
        id: String,
    },
    /// Show a device's logs.
    Logs {
        /// Device id.
        device: String,
        /// Keep printing new lines.
        #[arg(long, short)]
        follow: bool,
        /// Lines to show first.
        #[arg(long, default_value_t = 100)]
        lines: i64,
    },
    /// Show a device's telemetry.
    Telemetry {
        /// Device id.
        device: String,
        /// One series (default: all).
        metric: Option<String>,
        /// How far back (90s, 15m, 1h, 7d).
        #[arg(long, default_value = "1h")]
        since: String,
        /// Bucket width (default: the range in about 200 buckets).
        #[arg(long)]
        bucket: Option<String>,
    },
    /// Interactive remote REPL on a device; Ctrl-C interrupts the device, Ctrl-D leaves.
    Repl {
        /// Device id.
        device: String,
    },
    /// Print the fleet enrollment token (or --rotate it).
    EnrollToken {
        /// Replace it with a new one.
        #[arg(long)]
        rotate: bool,
    },
    /// Operator tokens: create (shown once), list, revoke. Needs an admin token.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Write mosquitto.conf, a password file and an ACL file for an external Mosquitto.
    MosquittoConfig {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Listener port.
        #[arg(long, default_value_t = 1883)]
        port: u16,
        /// Listener address (default: all interfaces).
        #[arg(long)]
        bind: Option<String>,
        /// The fleet database (default: SQLite in --data).
        #[arg(long, env = "PYRITE_DATABASE")]
        database: Option<String>,
        /// The server's data folder.
        #[arg(long, default_value = "./pyrite-data", env = "PYRITE_DATA")]
        data: PathBuf,
    },
}

/// `keys ...`
#[derive(Debug, Subcommand)]
pub enum KeysCmd {
    /// Create NAME.key (secret, owner-only) and NAME.pub.
    Generate {
        /// File name stem (may include a folder).
        name: PathBuf,
    },
    /// Trust a public key: devices accept bundles it signed.
    Trust {
        /// A .pub file.
        file: PathBuf,
        /// Name to record (default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// List the keys the fleet trusts.
    List,
    /// Rotate the fleet's trusted keys: push a new key set, signed by a key
    /// the devices trust now, to every device (retained on `down/keys`).
    Rotate {
        /// A .pub file to trust from now on (repeatable).
        #[arg(long)]
        add: Vec<PathBuf>,
        /// A key to stop trusting: its key id or its .pub file (repeatable).
        #[arg(long)]
        retire: Vec<String>,
        /// Sign here with this secret key (one the fleet trusts now) instead of
        /// with the server's key; the server never sees it.
        #[arg(long)]
        sign_with: Option<PathBuf>,
    },
    /// The fleet's key-set sequence and which devices have taken it up.
    Status,
}

/// `bundle ...`
#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Build and sign a bundle from a folder.
    Build {
        /// Folder with main.py.
        dir: PathBuf,
        /// Secret key file.
        #[arg(long)]
        key: PathBuf,
        /// Version string.
        #[arg(long)]
        version: String,
        /// Output file.
        #[arg(short, long)]
        out: PathBuf,
        /// App name (default: the folder's name).
        #[arg(long)]
        app: Option<String>,
        /// Anti-rollback sequence (default: seconds since 2020, so later builds are newer).
        #[arg(long)]
        sequence: Option<u64>,
        /// Entry point.
        #[arg(long, default_value = "main.py")]
        entry: String,
    },
    /// Print a bundle's manifest.
    Inspect {
        /// Bundle file.
        file: PathBuf,
    },
    /// Verify a bundle's signature and file hashes (exit 0 when valid).
    Verify {
        /// Bundle file.
        file: PathBuf,
        /// Public key file.
        #[arg(long)]
        pubkey: PathBuf,
    },
    /// Upload a signed bundle to the server.
    Upload {
        /// Bundle file.
        file: PathBuf,
    },
    /// List bundles on the server.
    List,
    /// Delete a bundle from the server.
    Delete {
        /// sha256.
        sha256: String,
    },
}

/// `token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Create a named token; its secret is printed once (the server keeps only a hash).
    Create {
        /// Who or what uses it (letters, digits, `.`, `_`, `-`), unique among active tokens.
        name: String,
        /// admin (everything, tokens too), operator (deploy, revoke devices, REPL, ...)
        /// or read-only (reads only).
        #[arg(long, default_value = "operator", value_parser = ["admin", "operator", "read-only"])]
        role: String,
    },
    /// List tokens: id, name, role, created, last used (never secrets).
    List {
        /// Also list revoked tokens.
        #[arg(long)]
        all: bool,
    },
    /// Revoke a token by id or name: it is refused from then on.
    Revoke {
        /// Token id or name. (Not called `token`: that is the global `--token` the CLI signs in with.)
        #[arg(value_name = "NAME_OR_ID")]
        name_or_id: String,
    },
}

/// `device ...`
#[derive(Debug, Subcommand)]
pub enum DeviceCmd {
    /// Show one device.
    Show {
        /// Device id.
        id: String,
    },
    /// Replace a device's tags.
    Tag {
        /// Device id.
        id: String,
        /// Tags (none clears them).
        tags: Vec<String>,
    },
    /// Revoke a device's credentials (disconnects it).
    Revoke {
        /// Device id.
        id: String,
    },
    /// Delete a device and its data.
    Delete {
        /// Device id.
        id: String,
    },
    /// Send reboot / stop / start / resend_state.
    Command {
        /// Device id.
        id: String,
        /// The command.
        command: String,
    },
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    commands::run(cli).await
}
