-- An import's new observations wait here, with the log entries they will have, while they are written in
-- short turns that other writes can come between; one short transaction then moves them into place and
-- into the changes log (internal/store/imports.go). Nothing reads these rows; a killed import leaves them,
-- and the next import clears them.

-- +goose Up
CREATE TABLE staged_observations (
    import_id       TEXT NOT NULL,
    n               INTEGER NOT NULL, -- the row's place in the import, which the log keeps
    id              TEXT NOT NULL,
    municipality_id TEXT,
    region_id       TEXT,
    reference_date  TEXT NOT NULL,
    value           REAL NOT NULL,    -- persons, or km²
    measure         TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,    -- the record as the changes log will keep it
    staged_at       TEXT NOT NULL,
    PRIMARY KEY (import_id, n)
);
CREATE INDEX staged_observations_age ON staged_observations (staged_at);

-- +goose Down
DROP TABLE staged_observations;
