//! `pyrite-fleet`: `serve` runs the fleet server; every other subcommand is
//! the operator CLI talking to a server over its HTTP API.
fn main() -> anyhow::Result<()> {
    anyhow::bail!("pyrite-fleet is not built yet")
}
