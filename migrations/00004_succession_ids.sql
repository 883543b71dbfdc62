-- A succession gets an id of its own, "<predecessor>:<successor>:<date>", so it can be read and written as
-- a record (the changes log names records by id). The store sets it on every write.

-- +goose Up
ALTER TABLE municipality_successions ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE municipality_successions SET id = predecessor_id || ':' || successor_id || ':' || date;
CREATE UNIQUE INDEX municipality_successions_id ON municipality_successions (id);

-- +goose Down
DROP INDEX municipality_successions_id;
ALTER TABLE municipality_successions DROP COLUMN id;
