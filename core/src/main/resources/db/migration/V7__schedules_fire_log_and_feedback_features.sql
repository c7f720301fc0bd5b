-- When each schedule fires next (on the database's clock), what a retraining it fires may override, and the
-- time zone its cron is read in.
ALTER TABLE schedule ADD COLUMN next_fire_at TIMESTAMPTZ;
ALTER TABLE schedule ADD COLUMN zone VARCHAR(64) NOT NULL DEFAULT 'UTC';
ALTER TABLE schedule ADD COLUMN parameters JSONB;
ALTER TABLE schedule ADD COLUMN last_job_id BIGINT REFERENCES job (id) ON DELETE SET NULL;
CREATE INDEX schedule_due_idx ON schedule (next_fire_at) WHERE enabled;

-- One row per firing. The primary key is the guarantee that a due time fires once, however many scheduler
-- replicas try at the same moment.
CREATE TABLE schedule_fire (
    schedule_id BIGINT      NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    due_at      TIMESTAMPTZ NOT NULL,
    fired_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    fired_by    VARCHAR(200) NOT NULL,
    missed      INT         NOT NULL DEFAULT 0,
    job_id      BIGINT REFERENCES job (id) ON DELETE SET NULL,
    PRIMARY KEY (schedule_id, due_at)
);

-- The 28x28 features (0 = background, 255 = ink) a prediction was made from, so that feedback on it, canvas
-- drawings included, can be learnt by a retraining without decoding the upload again.
ALTER TABLE prediction ADD COLUMN features BYTEA;
