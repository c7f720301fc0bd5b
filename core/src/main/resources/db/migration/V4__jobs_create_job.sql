-- Long work (training, batch inference, imports). The row is the source of truth; messages only point at it.
CREATE TABLE job (
    id               BIGSERIAL PRIMARY KEY,
    type             VARCHAR(32)  NOT NULL CHECK (type IN ('IMPORT_DATASET', 'TRAIN', 'BATCH_PREDICT', 'RETRAIN')),
    state            VARCHAR(16)  NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    trigger          VARCHAR(16)  NOT NULL CHECK (trigger IN ('USER', 'SCHEDULE', 'SYSTEM')),
    owner_id         BIGINT REFERENCES app_user (id),
    payload          JSONB        NOT NULL DEFAULT '{}',
    result           JSONB,
    error            TEXT,
    attempts         INT          NOT NULL DEFAULT 0,
    worker           VARCHAR(100),
    cancel_requested BOOLEAN      NOT NULL DEFAULT FALSE,
    lease_until      TIMESTAMPTZ,
    dataset_id       BIGINT REFERENCES dataset (id),
    model_version_id BIGINT REFERENCES model_version (id),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ
);
CREATE INDEX job_state_idx ON job (state, type);
CREATE INDEX job_owner_idx ON job (owner_id, created_at DESC);

-- Progress points, so a page opened late can draw the whole curve so far.
CREATE TABLE job_progress (
    id         BIGSERIAL PRIMARY KEY,
    job_id     BIGINT       NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    kind       VARCHAR(16)  NOT NULL,
    epoch      INT,
    metrics    JSONB        NOT NULL,
    message    TEXT,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX job_progress_job_idx ON job_progress (job_id, id);

-- Transactional outbox: a message is written in the same transaction as the row it announces, and a relay
-- publishes it with publisher confirms afterwards, so a job can never exist without its message or vice versa.
CREATE TABLE outbox (
    id          BIGSERIAL PRIMARY KEY,
    exchange    VARCHAR(200) NOT NULL,
    routing_key VARCHAR(200) NOT NULL,
    type_id     VARCHAR(100) NOT NULL,
    payload     JSONB        NOT NULL,
    attempts    INT          NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
