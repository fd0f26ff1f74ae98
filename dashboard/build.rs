//! Builds the dashboard (TypeScript → static files with Vite) and generates
//! `assets.rs`, a table of the built files that `src/lib.rs` embeds.
//!
//! Steps, each explained where it happens:
//! 1. `PYRITE_DASHBOARD_DIST=DIR` set: embed DIR as it is (prebuilt assets; no npm).
//! 2. Otherwise run `npm ci` when `node_modules` is missing, then `npm run build`
//!    with Vite's output in `$OUT_DIR/dist`, so that parallel builds in different
//!    target folders never write the same files.
//! 3. npm missing: fail with a message saying what to install — unless
//!    `PYRITE_DASHBOARD_PLACEHOLDER=1`, which embeds a one-page notice instead
//!    (for machines that build the server but never open the dashboard).
//!
//! Cargo re-runs this script only when a `rerun-if-changed` input changes, so an
//! unchanged dashboard costs nothing on later builds.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Inputs of the Vite build; a change to any of them rebuilds the dashboard.
const INPUTS: &[&str] = &[
    "src",
    "public",
    "index.html",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "vite.config.ts",
];

fn main() {
    if let Err(message) = run() {
        // A build script reports failure by panicking; the message is what the user sees.
        panic!("\n\npyrite-dashboard: {message}\n\n");
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env_var("OUT_DIR")?);
    println!("cargo:rerun-if-env-changed=PYRITE_DASHBOARD_DIST");
    println!("cargo:rerun-if-env-changed=PYRITE_DASHBOARD_PLACEHOLDER");
    for input in INPUTS {
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join(input).display()
        );
    }

    let dist = if let Some(prebuilt) = std::env::var_os("PYRITE_DASHBOARD_DIST") {
        let dir = PathBuf::from(prebuilt);
        if !dir.join("index.html").is_file() {
            return Err(format!(
                "PYRITE_DASHBOARD_DIST={} has no index.html",
                dir.display()
            ));
        }
        dir
    } else if npm_available() {
        let dist = out_dir.join("dist");
        build_with_npm(&manifest_dir, &dist)?;
        dist
    } else if std::env::var_os("PYRITE_DASHBOARD_PLACEHOLDER").is_some() {
        let dist = out_dir.join("placeholder");
        write_placeholder(&dist)?;
        dist
    } else {
        return Err("npm was not found, and the dashboard must be built with it.\n\
             Install Node.js 20+ and npm (Debian: `apt-get install nodejs npm`), then build again.\n\
             Alternatives: PYRITE_DASHBOARD_DIST=DIR embeds a dashboard built elsewhere \
             (`npm run build` in dashboard/ writes dashboard/dist); \
             PYRITE_DASHBOARD_PLACEHOLDER=1 embeds a page saying the dashboard was left out."
            .to_string());
    };

    let mut files = Vec::new();
    collect_files(&dist, &dist, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "the built dashboard in {} is empty",
            dist.display()
        ));
    }
    let table = generate_table(&dist, &files)?;
    fs::write(out_dir.join("assets.rs"), table)
        .map_err(|e| format!("cannot write assets.rs: {e}"))?;
    Ok(())
}

fn env_var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("cargo did not set {name}"))
}

fn npm_program() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

fn npm_available() -> bool {
    Command::new(npm_program())
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

fn build_with_npm(dashboard: &Path, dist: &Path) -> Result<(), String> {
    // Several cargo builds (different target folders) may share dashboard/node_modules:
    // a lock file keeps two `npm ci` runs from interleaving.
    let lock_path = dashboard.join(".npm-build.lock");
    let lock = fs::File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;

    // `vite` missing means node_modules is absent or incomplete.
    if !dashboard.join("node_modules/.bin/vite").exists() {
        run_npm(dashboard, &["ci", "--no-audit", "--no-fund"])?;
    }
    let out = dist
        .to_str()
        .ok_or_else(|| format!("OUT_DIR {} is not UTF-8", dist.display()))?;
    run_npm(
        dashboard,
        &["run", "build", "--", "--outDir", out, "--emptyOutDir"],
    )?;
    if !dist.join("index.html").is_file() {
        return Err(format!("`npm run build` left no index.html in {out}"));
    }
    drop(lock);
    Ok(())
}

fn run_npm(dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(npm_program())
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run npm {}: {e}", args.join(" ")))?;
    if !output.status.success() {
        return Err(format!(
            "`npm {}` in {} failed ({}):\n{}\n{}",
            args.join(" "),
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

fn write_placeholder(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Pyrite</title></head>\
        <body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">\
        <h1>Pyrite</h1><p>This server was built without its dashboard (npm was not available; \
        PYRITE_DASHBOARD_PLACEHOLDER was set). The HTTP API is at <code>/api/v1</code> and the \
        operator CLI is <code>pyrite-fleet</code>.</p></body></html>\n";
    fs::write(dir.join("index.html"), page).map_err(|e| format!("cannot write placeholder: {e}"))
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect_files(root, &path, files)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            files.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// FNV-1a, 64 bits: a content fingerprint for ETags (not a security hash).
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn generate_table(root: &Path, files: &[PathBuf]) -> Result<String, String> {
    let mut out = String::from(
        "// Generated by pyrite-dashboard's build.rs: the built dashboard files.\n\
         static ASSETS: &[(&str, &[u8], u64)] = &[\n",
    );
    for rel in files {
        let abs = root.join(rel);
        let bytes = fs::read(&abs).map_err(|e| format!("cannot read {}: {e}", abs.display()))?;
        let url_path: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let abs_str = abs
            .to_str()
            .ok_or_else(|| format!("{} is not UTF-8", abs.display()))?;
        writeln!(
            out,
            "    ({:?}, include_bytes!({:?}), {:#x}),",
            url_path.join("/"),
            abs_str,
            fingerprint(&bytes)
        )
        .map_err(|e| e.to_string())?;
    }
    out.push_str("];\n");
    Ok(out)
}
