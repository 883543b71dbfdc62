-- Writes: every create, update and delete goes through one store function that, in one transaction,
-- writes the row and appends to the changes log. The log's sequence is the changes feed's cursor, the
-- audit history, the per-record version (the number of changes to a record, the dataset's load being
-- version 1) and the data version that keys cached answers.

-- +goose Up
CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    resource    TEXT NOT NULL CHECK (resource <> ''),
    resource_id TEXT NOT NULL CHECK (resource_id <> ''),
    operation   TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    version     INTEGER NOT NULL CHECK (version > 0),
    actor       TEXT NOT NULL CHECK (actor <> ''),
    at          TEXT NOT NULL,
    state       TEXT, -- the record after the change, as JSON; NULL for a delete (a tombstone)
    UNIQUE (resource, resource_id, version)
);
CREATE INDEX changes_record ON changes (resource, resource_id, seq);

-- API keys: only a hash of the secret is kept. A key's secret is "byr_<id>_<random>"; the id finds the row,
-- and the hash of the whole secret is compared in constant time.
CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) = 12),
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    scope      TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    hash       TEXT NOT NULL CHECK (length(hash) = 64),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Idempotency: the first answer to a POST with an Idempotency-Key, kept per key and client key name.
CREATE TABLE idempotency_keys (
    actor        TEXT NOT NULL,
    key          TEXT NOT NULL CHECK (key <> ''),
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    etag         TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (actor, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE api_keys;
DROP TABLE changes;
