-- Issue 12, third pass: a user deletes what they stored, and every kind of it counts against their storage quota.

-- A model version a user trained (the owner of its TRAIN job), never promoted, counts against its owner's storage
-- (its artifact's bytes) and its owner may delete it (DELETE /api/v1/models/{id}). The row stays, DELETED, without
-- its artifact: the jobs and predictions that name it, and the versions that name it as their parent, keep working.
ALTER TABLE model_version DROP CONSTRAINT model_version_status_check;
ALTER TABLE model_version ADD CONSTRAINT model_version_status_check
    CHECK (status IN ('TRAINING', 'READY', 'ACTIVE', 'RETIRED', 'FAILED', 'DELETED'));
ALTER TABLE model_version ADD COLUMN deleted_at TIMESTAMPTZ;
-- the quota's sum and the deletion's in-use check find a version's jobs
CREATE INDEX job_model_version_idx ON job (model_version_id) WHERE model_version_id IS NOT NULL;

-- The owner deletes a batch's results (DELETE /api/v1/jobs/{id}/result): the job row stays, its results marked
-- removed (result_expired_at, as retention does) and, unlike an expiry, deleted by the owner.
ALTER TABLE job ADD COLUMN result_deleted_at TIMESTAMPTZ;
