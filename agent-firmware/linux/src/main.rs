//! `pyrite-agent`: the device agent on a Linux host.
fn main() -> anyhow::Result<()> {
    anyhow::bail!("pyrite-agent is not built yet")
}
