//! `pyrite-fleet`: `serve` runs the fleet server; every other subcommand is
//! the operator CLI talking to a server over its HTTP API.

mod app;
mod cli;
mod dev;
mod error;
mod http;
mod mqtt;
mod secrets;
mod serve;
mod services;
mod shutdown;
mod store;
mod tls;

use clap::Parser;

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(
            "info,rumqttd=warn,rumqttd::server::broker=off,sqlx=warn,tower_http=warn",
        )
    });
    let json = std::env::var("PYRITE_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    if args.is_serve() {
        init_tracing();
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
