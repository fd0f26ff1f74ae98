-- Every deployment report a device sends, in arrival order. The rollout
-- planner reads the reports about a rollout's bundle received since each
-- step began (not just the device's latest report, which a later report
-- about another bundle can overwrite before the ticker sees it).
CREATE TABLE device_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    bundle_sha256 TEXT,
    sequence BIGINT,
    state TEXT NOT NULL,
    error TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX device_reports_device ON device_reports(device_id, at);
CREATE INDEX device_reports_at ON device_reports(at);

-- The device list: filters and sorts that stay fast with many devices.
CREATE INDEX devices_online ON devices(online, id);
CREATE INDEX devices_last_seen ON devices(last_seen, id);
CREATE INDEX devices_deploy_state ON devices(deploy_state, id);
CREATE INDEX devices_running_bundle ON devices(running_bundle, id);

-- Bundle bytes in the database too, so every server sharing it can serve
-- chunks of a bundle another server stored (the data folder is a cache).
CREATE TABLE bundle_blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,
    content BLOB NOT NULL
);
