//! The operator CLI's offline commands (keys and bundles) as a user runs
//! them. Being an integration test of this package, it also makes
//! `cargo test --workspace` build the `pyrite-fleet` binary that the
//! end-to-end tests in `tests/e2e/` start.

use std::path::Path;
use std::process::{Command, Output};

fn fleet(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite-fleet"))
        .current_dir(dir)
        .args(args)
        .env_remove("PYRITE_SERVER")
        .env_remove("PYRITE_TOKEN")
        .output()
        .expect("run pyrite-fleet")
}

#[test]
fn keys_build_inspect_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("app")).unwrap();
    std::fs::write(d.join("app/main.py"), "print('hi')\n").unwrap();
    assert!(fleet(d, &["keys", "generate", "fleet"]).status.success());
    assert!(fleet(d, &["keys", "generate", "other"]).status.success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("fleet.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "secret key is owner-only");
    }
    // Refuses to overwrite a key.
    assert!(!fleet(d, &["keys", "generate", "fleet"]).status.success());
    let out = fleet(
        d,
        &[
            "bundle",
            "build",
            "app",
            "--key",
            "fleet.key",
            "--version",
            "1.2.3",
            "-o",
            "app.bundle",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = fleet(d, &["bundle", "inspect", "app.bundle"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("1.2.3") && text.contains("main.py"),
        "{text}"
    );
    assert!(
        fleet(
            d,
            &["bundle", "verify", "app.bundle", "--pubkey", "fleet.pub"]
        )
        .status
        .success()
    );
    let wrong = fleet(
        d,
        &["bundle", "verify", "app.bundle", "--pubkey", "other.pub"],
    );
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("invalid"));
    let mut bytes = std::fs::read(d.join("app.bundle")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(d.join("bad.bundle"), bytes).unwrap();
    assert!(
        !fleet(
            d,
            &["bundle", "verify", "bad.bundle", "--pubkey", "fleet.pub"]
        )
        .status
        .success()
    );
}

#[test]
fn operator_commands_without_a_server_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fleet(tmp.path(), &["devices"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no server"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
