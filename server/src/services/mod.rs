//! Services: the fleet's logic between the HTTP/MQTT edges and the store.

pub mod batch;
pub mod bundle_files;
pub mod bundle_format;
pub mod bundles;
pub mod chunks;
pub mod desired;
pub mod devices;
pub mod events;
pub mod ingest;
pub mod keys;
pub mod live;
pub mod repl;
pub mod retention;
pub mod rollout_plan;
pub mod rollouts;
