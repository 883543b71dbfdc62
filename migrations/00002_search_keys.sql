-- Folded search keys (lower case, diacritics removed, æ ø å and aa written with base letters; see
-- internal/query/fold.go), computed by the store when a row is written, so search is the same on every
-- database and needs no collation at query time.

-- +goose Up
ALTER TABLE municipalities ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE regions ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE lessons ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE themes ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sources DROP COLUMN search_key;
ALTER TABLE documents DROP COLUMN search_key;
ALTER TABLE measures DROP COLUMN search_key;
ALTER TABLE partners DROP COLUMN search_key;
ALTER TABLE themes DROP COLUMN search_key;
ALTER TABLE lessons DROP COLUMN search_key;
ALTER TABLE results DROP COLUMN search_key;
ALTER TABLE goals DROP COLUMN search_key;
ALTER TABLE regions DROP COLUMN search_key;
ALTER TABLE municipalities DROP COLUMN search_key;
