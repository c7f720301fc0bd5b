-- A job that waits before it may run again: a retry after a transient error (with backoff), or a training
-- whose dataset is still being imported. The job stays QUEUED with no message on the broker; the leading
-- scheduler's reaper dispatches it once not_before has passed, so no worker consumer ever sleeps on it.
ALTER TABLE job ADD COLUMN not_before TIMESTAMPTZ;
-- Failed attempts so far (transient errors), which decide the backoff and when the job is dead-lettered.
ALTER TABLE job ADD COLUMN retries INT NOT NULL DEFAULT 0;
CREATE INDEX job_not_before_idx ON job (not_before) WHERE state = 'QUEUED' AND not_before IS NOT NULL;
