//! MQTT: the server's own session to a broker ([`client`]), and the embedded
//! broker ([`embedded`]) with its device-facing ACL proxy ([`proxy`]).

pub mod acl;
pub mod client;
pub mod codec;
pub mod embedded;
pub mod mosquitto;
pub mod proxy;
