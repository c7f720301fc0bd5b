-- Every trained version of a model, with its lineage, metrics and artifact.
CREATE TABLE model_version (
    id              BIGSERIAL PRIMARY KEY,
    task            VARCHAR(32)  NOT NULL,
    version         INT          NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('TRAINING', 'READY', 'ACTIVE', 'RETIRED', 'FAILED')),
    dataset_id      BIGINT REFERENCES dataset (id),
    parent_id       BIGINT REFERENCES model_version (id),
    parameters      JSONB        NOT NULL DEFAULT '{}',
    metrics         JSONB,
    decision        JSONB,
    artifact_path   VARCHAR(500),
    artifact_size   BIGINT,
    artifact_sha256 CHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    promoted_at     TIMESTAMPTZ,
    UNIQUE (task, version)
);
-- the serving invariant: at most one ACTIVE version per task
CREATE UNIQUE INDEX model_version_one_active_per_task ON model_version (task) WHERE status = 'ACTIVE';
