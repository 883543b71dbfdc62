-- One labelling model for every figure. A source may give every figure on the borders of one date (csdata
-- puts SSB's population on 2024's): sources.borders says so, and a figure of such a source from before a
-- merger or a split is then not SSB's own but a sum of its predecessors' figures or the source's
-- apportionment of them. The kinds say which, for population and area alike, and the adjusted filter
-- selects those two. Unfiltered, /population and /area are the municipalities' figures: a partial index
-- by date of those keeps their date range (an empty answer's coverage) a search. SQLite cannot change a CHECK constraint in place, so both tables are made again.
-- Which kind each figure is follows from the code history: the next migration (a Go one, in the store)
-- labels the figures already here.

-- +goose Up
ALTER TABLE sources ADD COLUMN borders TEXT CHECK (borders GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
-- The one such source of the embedded dataset (its sources.csv says the same for a new database).
UPDATE sources SET borders = '2024-01-01' WHERE id = 'ssb-07459';

CREATE TABLE population_observations_new (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    region_id       TEXT REFERENCES regions (id) ON DELETE CASCADE,
    reference_date  TEXT NOT NULL CHECK (reference_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value           INTEGER NOT NULL CHECK (value >= 0),
    kind            TEXT NOT NULL CHECK (kind IN ('official', 'sum_of_predecessors', 'apportioned', 'reported', 'compiled')),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    note            TEXT NOT NULL DEFAULT '',
    CHECK ((municipality_id IS NULL) <> (region_id IS NULL))
);
INSERT INTO population_observations_new SELECT id, municipality_id, region_id, reference_date, value, kind, source_id, note
    FROM population_observations;
DROP TABLE population_observations;
ALTER TABLE population_observations_new RENAME TO population_observations;
CREATE UNIQUE INDEX population_once_per_municipality ON population_observations (municipality_id, reference_date, source_id) WHERE municipality_id IS NOT NULL;
CREATE UNIQUE INDEX population_once_per_region ON population_observations (region_id, reference_date, source_id) WHERE region_id IS NOT NULL;
CREATE INDEX population_by_date ON population_observations (reference_date, id);
CREATE INDEX population_by_value ON population_observations (value, id);
CREATE INDEX population_by_kind ON population_observations (kind, id);
CREATE INDEX population_adjusted ON population_observations ((kind IN ('sum_of_predecessors', 'apportioned')), id);
CREATE INDEX population_municipal_by_date ON population_observations (reference_date, id) WHERE municipality_id IS NOT NULL;

CREATE TABLE area_observations_new (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    region_id       TEXT REFERENCES regions (id) ON DELETE CASCADE,
    reference_date  TEXT NOT NULL CHECK (reference_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value_km2       REAL NOT NULL CHECK (value_km2 > 0),
    measure         TEXT NOT NULL CHECK (measure IN ('total', 'land', 'unknown')),
    kind            TEXT NOT NULL CHECK (kind IN ('official', 'sum_of_predecessors', 'apportioned', 'reported', 'compiled')),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    note            TEXT NOT NULL DEFAULT '',
    CHECK ((municipality_id IS NULL) <> (region_id IS NULL))
);
INSERT INTO area_observations_new SELECT id, municipality_id, region_id, reference_date, value_km2, measure, kind, source_id, note
    FROM area_observations;
DROP TABLE area_observations;
ALTER TABLE area_observations_new RENAME TO area_observations;
CREATE UNIQUE INDEX area_once_per_municipality ON area_observations (municipality_id, reference_date, source_id) WHERE municipality_id IS NOT NULL;
CREATE UNIQUE INDEX area_once_per_region ON area_observations (region_id, reference_date, source_id) WHERE region_id IS NOT NULL;
CREATE INDEX area_by_date ON area_observations (reference_date, id);
CREATE INDEX area_by_value ON area_observations (value_km2, id);
CREATE INDEX area_by_kind ON area_observations (kind, id);
CREATE INDEX area_by_measure ON area_observations (measure, id);
CREATE INDEX area_municipal_by_date ON area_observations (reference_date, id) WHERE municipality_id IS NOT NULL;

-- +goose Down
DROP INDEX population_municipal_by_date;
DROP INDEX area_municipal_by_date;
UPDATE population_observations SET kind = 'official' WHERE kind IN ('sum_of_predecessors', 'apportioned', 'compiled');
UPDATE area_observations SET kind = 'official' WHERE kind IN ('sum_of_predecessors', 'apportioned');
DROP INDEX population_adjusted;
CREATE INDEX population_adjusted ON population_observations ((kind = 'official' AND note <> ''), id);
ALTER TABLE sources DROP COLUMN borders;
