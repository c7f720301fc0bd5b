-- Storage accounting and clean-up (issue 12, storage abuse). A job that works on an upload remembers it, so that
-- the file is removed when the job is cancelled or refused, and counted against its owner's storage quota while it
-- exists; a batch's results file can expire (then its download answers 410 Gone).
ALTER TABLE job ADD COLUMN upload_path       VARCHAR(500);
ALTER TABLE job ADD COLUMN upload_bytes      BIGINT;
ALTER TABLE job ADD COLUMN upload_removed_at TIMESTAMPTZ;
ALTER TABLE job ADD COLUMN result_expired_at TIMESTAMPTZ;

-- uploads accepted before this migration: the path is in the payload (imports: upload, batches: input)
UPDATE job SET upload_path = payload->>'upload', upload_bytes = (payload->>'size')::bigint
 WHERE type = 'IMPORT_DATASET' AND payload ? 'upload';
UPDATE job SET upload_path = payload->>'input', upload_bytes = (payload->>'size')::bigint
 WHERE type = 'BATCH_PREDICT' AND payload ? 'input';

-- the quota's sums and the retention sweep read these
CREATE INDEX job_owner_state_idx ON job (owner_id, state);
CREATE INDEX job_retention_idx ON job (state, finished_at) WHERE upload_removed_at IS NULL OR result_expired_at IS NULL;

-- Registrations, per client address, so that every web replica throttles against the same counts.
CREATE TABLE registration_attempt (
    id         BIGSERIAL PRIMARY KEY,
    client     VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX registration_attempt_client_idx ON registration_attempt (client, created_at);
CREATE INDEX registration_attempt_created_idx ON registration_attempt (created_at);
