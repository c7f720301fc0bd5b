-- Periodic retraining per task, with the champion/challenger promotion policy.
CREATE TABLE schedule (
    id              BIGSERIAL PRIMARY KEY,
    task            VARCHAR(32)  NOT NULL,
    cron            VARCHAR(100) NOT NULL,
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    min_improvement DOUBLE PRECISION NOT NULL DEFAULT 0.0,
    last_fired_at   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Leases that scheduler replicas take so that only one fires a given schedule (or holds leadership).
CREATE TABLE scheduler_lock (
    name         VARCHAR(100) PRIMARY KEY,
    locked_until TIMESTAMPTZ  NOT NULL,
    locked_at    TIMESTAMPTZ  NOT NULL,
    locked_by    VARCHAR(200) NOT NULL
);
