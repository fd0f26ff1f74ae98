-- Key rotation (PROTOCOL.md section 11): every signed key set the fleet pushed,
-- kept so a device that missed several can be brought up to date in order,
-- and the key-set sequence each device last announced (its acknowledgement).
CREATE TABLE key_sets (
    sequence BIGINT PRIMARY KEY NOT NULL,
    message TEXT NOT NULL,
    signer TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
ALTER TABLE devices ADD COLUMN key_set_sequence BIGINT NOT NULL DEFAULT 0;
