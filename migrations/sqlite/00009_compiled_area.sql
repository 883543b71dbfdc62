-- The municipal areas come from a compilation that does not say where its figures come from or when they
-- were measured: they are not official statistics, and their kind says so ("compiled"). SQLite cannot
-- change a CHECK constraint in place, so the table is made again with the wider one.

-- +goose Up
CREATE TABLE area_observations_new (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    region_id       TEXT REFERENCES regions (id) ON DELETE CASCADE,
    reference_date  TEXT NOT NULL CHECK (reference_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value_km2       REAL NOT NULL CHECK (value_km2 > 0),
    measure         TEXT NOT NULL CHECK (measure IN ('total', 'land', 'unknown')),
    kind            TEXT NOT NULL CHECK (kind IN ('official', 'reported', 'compiled')),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    note            TEXT NOT NULL DEFAULT '',
    CHECK ((municipality_id IS NULL) <> (region_id IS NULL))
);
INSERT INTO area_observations_new (id, municipality_id, region_id, reference_date, value_km2, measure, kind, source_id, note)
    SELECT id, municipality_id, region_id, reference_date, value_km2, measure,
           CASE WHEN source_id = 'aprestmo-norway-geodata' AND kind = 'official' THEN 'compiled' ELSE kind END, source_id, note
    FROM area_observations;
DROP TABLE area_observations;
ALTER TABLE area_observations_new RENAME TO area_observations;
CREATE UNIQUE INDEX area_once_per_municipality ON area_observations (municipality_id, reference_date, source_id) WHERE municipality_id IS NOT NULL;
CREATE UNIQUE INDEX area_once_per_region ON area_observations (region_id, reference_date, source_id) WHERE region_id IS NOT NULL;
CREATE INDEX area_by_date ON area_observations (reference_date, id);
CREATE INDEX area_by_value ON area_observations (value_km2, id);
CREATE INDEX area_by_kind ON area_observations (kind, id);
CREATE INDEX area_by_measure ON area_observations (measure, id);

-- +goose Down
UPDATE area_observations SET kind = 'official' WHERE kind = 'compiled';
