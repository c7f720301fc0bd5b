-- Whether an admin vouches for a dataset: only trusted data (built-in datasets, or those marked here) trains what
-- everyone is served without an admin's promotion, and only trusted data judges champion against challenger.
-- Uploads start untrusted; who marked one, and when, is kept.
ALTER TABLE dataset ADD COLUMN trusted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dataset ADD COLUMN trusted_by BIGINT REFERENCES app_user (id) ON DELETE SET NULL;
ALTER TABLE dataset ADD COLUMN trusted_at TIMESTAMPTZ;
-- built-in datasets come from the platform's own sources: trusted from the start
UPDATE dataset SET trusted = TRUE WHERE origin = 'BUILTIN';
CREATE INDEX dataset_trusted_idx ON dataset (task, id DESC) WHERE trusted;
