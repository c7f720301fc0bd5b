-- What a personal API token may do (webapp TokenScope): read, predict, train, admin. Tokens made before scopes
-- existed keep what a user could do with them (read, predict, train) so that scripts go on working; they lose
-- token management and the admin's routes, which now take the password or a token made with the admin scope.
ALTER TABLE api_token ADD COLUMN scopes TEXT[] NOT NULL DEFAULT ARRAY['read', 'predict', 'train'];
ALTER TABLE api_token ALTER COLUMN scopes DROP DEFAULT;
ALTER TABLE api_token ADD CONSTRAINT api_token_scopes_known
    CHECK (scopes <@ ARRAY['read', 'predict', 'train', 'admin'] AND cardinality(scopes) > 0);

-- Wrong passwords, counted for every web replica alike (webapp LoginThrottle): per client address and user name
-- together, and per client address alone; never per user name alone, so that no one can lock another out from
-- elsewhere. Keys are SHA-256 hashes of the kind, the address and the name (in lower case).
CREATE TABLE login_throttle (
    key        CHAR(64)    PRIMARY KEY,
    failures   INT         NOT NULL,
    window_end TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_throttle_window_end_idx ON login_throttle (window_end);
