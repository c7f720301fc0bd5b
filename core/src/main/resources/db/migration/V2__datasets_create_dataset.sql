-- A dataset is an imported or uploaded set of examples for one task; its files live in media storage.
CREATE TABLE dataset (
    id           BIGSERIAL PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    task         VARCHAR(32)  NOT NULL,
    origin       VARCHAR(16)  NOT NULL CHECK (origin IN ('BUILTIN', 'UPLOAD', 'FEEDBACK')),
    owner_id     BIGINT REFERENCES app_user (id),
    version      INT          NOT NULL,
    split        VARCHAR(200) NOT NULL,
    classes      INT          NOT NULL,
    class_counts JSONB        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- One file per split (train, test); the row keeps what the bytes must be.
CREATE TABLE dataset_file (
    id          BIGSERIAL PRIMARY KEY,
    dataset_id  BIGINT       NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    split       VARCHAR(16)  NOT NULL,
    path        VARCHAR(500) NOT NULL,
    size_bytes  BIGINT       NOT NULL,
    sha256      CHAR(64)     NOT NULL,
    examples    INT          NOT NULL,
    UNIQUE (dataset_id, split)
);
