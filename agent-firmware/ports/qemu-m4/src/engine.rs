//! Which script engine the agent image runs apps with.
//!
//! Until the agent core's interpreter-backed engine lands this is the core's scripted
//! stand-in, so the network, enrollment, download, verification and A/B paths can be proven
//! on the board already.

use pyrite_agent_core::fake_engine::FakeEngineFactory;

/// The engine factory the agent boots with.
pub type Factory = FakeEngineFactory;

/// A fresh factory.
pub fn factory() -> Factory {
    FakeEngineFactory::default()
}
