-- Every prediction, with the model version that made it; a feedback label feeds retraining once.
CREATE TABLE prediction (
    id                BIGSERIAL PRIMARY KEY,
    task              VARCHAR(32)  NOT NULL,
    owner_id          BIGINT REFERENCES app_user (id),
    model_version_id  BIGINT       NOT NULL REFERENCES model_version (id),
    job_id            BIGINT REFERENCES job (id) ON DELETE CASCADE,
    input_path        VARCHAR(500),
    input_text        TEXT,
    input_name        VARCHAR(300),
    label             VARCHAR(64)  NOT NULL,
    probabilities     JSONB        NOT NULL,
    latency_micros    BIGINT       NOT NULL,
    feedback_label    VARCHAR(64),
    feedback_at       TIMESTAMPTZ,
    used_in_job_id    BIGINT REFERENCES job (id),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX prediction_owner_idx ON prediction (owner_id, created_at DESC);
CREATE INDEX prediction_feedback_idx ON prediction (task) WHERE feedback_label IS NOT NULL AND used_in_job_id IS NULL;
