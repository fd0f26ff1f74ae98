//! The workspace keeps the layout ARCHITECTURE.md describes.

use pyrite_e2e::workspace_root;

#[test]
fn every_documented_folder_exists() {
    let root = workspace_root();
    for dir in [
        "interpreter",
        "protocol",
        "agent-firmware",
        "server",
        "dashboard",
        "migrations/sqlite",
        "migrations/postgres",
        "tests",
    ] {
        assert!(root.join(dir).is_dir(), "missing folder {dir}");
    }
    for file in [
        "README.md",
        "ARCHITECTURE.md",
        ".ci/run",
        "docker-compose.yml",
    ] {
        assert!(root.join(file).is_file(), "missing file {file}");
    }
}

#[test]
fn architecture_names_every_workspace_folder() {
    let root = workspace_root();
    let arch = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    for dir in [
        "interpreter/",
        "protocol/",
        "agent-firmware/",
        "server/",
        "dashboard/",
        "migrations/",
        "tests/",
    ] {
        assert!(
            arch.contains(dir),
            "ARCHITECTURE.md does not describe {dir}"
        );
    }
}
