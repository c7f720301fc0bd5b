-- Issue 12, second pass.

-- The image an online prediction stored (uploads/<task>/...) counts against its owner's storage quota while it
-- exists, and expires with retention (deepdock.retention.prediction-images): the row stays, the file goes and
-- input_expired_at says when. Images stored before this migration have no recorded size (they count 0) but expire
-- the same way.
ALTER TABLE prediction ADD COLUMN input_bytes      BIGINT;
ALTER TABLE prediction ADD COLUMN input_expired_at TIMESTAMPTZ;
CREATE INDEX prediction_stored_image_idx ON prediction (owner_id, created_at)
    WHERE job_id IS NULL AND input_path IS NOT NULL AND input_expired_at IS NULL;

-- A user deletes their own dataset (DELETE /api/v1/datasets/{id}): the jobs and model versions made from it keep
-- their rows, and only lose the link.
ALTER TABLE job DROP CONSTRAINT job_dataset_id_fkey;
ALTER TABLE job ADD CONSTRAINT job_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES dataset (id) ON DELETE SET NULL;
ALTER TABLE model_version DROP CONSTRAINT model_version_dataset_id_fkey;
ALTER TABLE model_version ADD CONSTRAINT model_version_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset (id) ON DELETE SET NULL;

-- The open live job streams (Server-Sent Events) of every web replica, so that the per-user cap holds across
-- replicas. A replica renews its rows' lease with each keep-alive and deletes a row when its stream ends; the rows of
-- a replica that was killed stop counting when their lease runs out.
CREATE TABLE event_stream (
    id          UUID         PRIMARY KEY,
    owner_id    BIGINT       NOT NULL,
    job_id      BIGINT       NOT NULL,
    instance    UUID         NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX event_stream_owner_idx ON event_stream (owner_id, expires_at);
CREATE INDEX event_stream_expires_idx ON event_stream (expires_at);
