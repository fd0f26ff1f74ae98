-- Pyrite fleet schema (PostgreSQL). Times are Unix milliseconds (BIGINT); booleans are 0/1.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY NOT NULL,
    mqtt_password_hash TEXT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0,
    online BIGINT NOT NULL DEFAULT 0,
    last_seen BIGINT,
    enrolled_at BIGINT NOT NULL,
    agent_version TEXT,
    interpreter_version TEXT,
    protocol_version BIGINT,
    running_bundle TEXT,
    running_sequence BIGINT,
    deploy_state TEXT,
    deploy_bundle TEXT,
    deploy_error TEXT,
    deploy_updated_at BIGINT,
    info TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE device_tags (
    device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (device_id, tag)
);
CREATE INDEX device_tags_tag ON device_tags(tag);

CREATE TABLE trusted_keys (
    key_id TEXT PRIMARY KEY NOT NULL,
    public_key TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE bundles (
    sha256 TEXT PRIMARY KEY NOT NULL,
    app TEXT NOT NULL,
    version TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    size BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    manifest TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE rollouts (
    id TEXT PRIMARY KEY NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    target TEXT NOT NULL,
    strategy TEXT NOT NULL,
    state TEXT NOT NULL,
    failure_threshold BIGINT NOT NULL,
    grace_secs BIGINT NOT NULL,
    step_timeout_secs BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX rollouts_state ON rollouts(state);

CREATE TABLE rollout_devices (
    rollout_id TEXT NOT NULL REFERENCES rollouts(id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    wave BIGINT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    step_started_at BIGINT,
    healthy_since BIGINT,
    previous_bundle TEXT,
    error TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (rollout_id, device_id)
);

CREATE TABLE desired_state (
    device_id TEXT PRIMARY KEY NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    rollout_id TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE telemetry (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    ts BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL
);
CREATE INDEX telemetry_lookup ON telemetry(device_id, metric, ts);
CREATE INDEX telemetry_ts ON telemetry(ts);

CREATE TABLE logs (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL,
    ts BIGINT NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX logs_lookup ON logs(device_id, ts);
CREATE INDEX logs_ts ON logs(ts);

CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
