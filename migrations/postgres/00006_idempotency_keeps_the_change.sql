-- An Idempotency-Key remembers the change its first create made. The changes log already keeps the
-- record as the create answered it, so the key keeps no answer of its own, and the store no HTTP status,
-- path or header. Keys kept before are dropped with the columns that held their answers: a key protects
-- a retry, which comes seconds after the first try, not a day later.
--
-- PostgreSQL's version of sqlite/00006_idempotency_keeps_the_change.sql: BIGINT where SQLite says INTEGER, DOUBLE PRECISION for REAL.

-- +goose Up
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE idempotency_keys DROP COLUMN status;
ALTER TABLE idempotency_keys DROP COLUMN location;
ALTER TABLE idempotency_keys DROP COLUMN etag;
ALTER TABLE idempotency_keys DROP COLUMN body;

-- +goose Down
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN status BIGINT NOT NULL DEFAULT 201;
ALTER TABLE idempotency_keys ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN etag TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys DROP COLUMN change_seq;
