#!/bin/sh
# Ingest throughput of one release `pyrite-fleet serve`: 20 MQTT clients
# publish 512,000 telemetry points (2,000 messages of 256 points, QoS 1)
# through the embedded broker as fast as it takes them; the clock stops when
# the server's writer has committed the last point, and the rows are counted
# in the database. SQLite always; PostgreSQL when PYRITE_TEST_POSTGRES_URL is
# set (e.g. postgres://postgres@127.0.0.1:5432/test). Prints INGEST lines.
set -eu
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -p pyrite-fleet
PYRITE_FLEET_BIN="$target/release/pyrite-fleet" \
    cargo nextest run -p pyrite-e2e --test server_ingest --run-ignored only \
    -E 'test(ingest_throughput)' --no-capture --test-threads 1 2>&1 | grep -E 'INGEST|PASS|FAIL|SKIP'
