-- One labelling model for every figure. A source may give every figure on the borders of one date (csdata
-- puts SSB's population on 2024's): sources.borders says so, and a figure of such a source from before a
-- merger or a split is then not SSB's own but a sum of its predecessors' figures or the source's
-- apportionment of them. The kinds say which, for population and area alike, and the adjusted filter
-- selects those two. Unfiltered, /population and /area are the municipalities' figures: a partial index
-- by date of those keeps their date range (an empty answer's coverage) a search. Which kind each figure is follows from the code history: the next migration (a Go
-- one, in the store) labels the figures already here.
--
-- PostgreSQL's version of sqlite/00010_figure_labels.sql, which has to make the tables again: here the
-- CHECKs are replaced in place.

-- +goose Up
ALTER TABLE sources ADD COLUMN borders TEXT CHECK (borders ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
-- The one such source of the embedded dataset (its sources.csv says the same for a new database).
UPDATE sources SET borders = '2024-01-01' WHERE id = 'ssb-07459';

ALTER TABLE population_observations DROP CONSTRAINT population_observations_kind_check;
ALTER TABLE population_observations ADD CONSTRAINT population_observations_kind_check
    CHECK (kind IN ('official', 'sum_of_predecessors', 'apportioned', 'reported', 'compiled'));
ALTER TABLE area_observations DROP CONSTRAINT area_observations_kind_check;
ALTER TABLE area_observations ADD CONSTRAINT area_observations_kind_check
    CHECK (kind IN ('official', 'sum_of_predecessors', 'apportioned', 'reported', 'compiled'));
DROP INDEX population_adjusted;
CREATE INDEX population_adjusted ON population_observations ((kind IN ('sum_of_predecessors', 'apportioned')), id);
CREATE INDEX population_municipal_by_date ON population_observations (reference_date, id) WHERE municipality_id IS NOT NULL;
CREATE INDEX area_municipal_by_date ON area_observations (reference_date, id) WHERE municipality_id IS NOT NULL;

-- +goose Down
DROP INDEX population_municipal_by_date;
DROP INDEX area_municipal_by_date;
UPDATE population_observations SET kind = 'official' WHERE kind IN ('sum_of_predecessors', 'apportioned', 'compiled');
UPDATE area_observations SET kind = 'official' WHERE kind IN ('sum_of_predecessors', 'apportioned');
DROP INDEX population_adjusted;
CREATE INDEX population_adjusted ON population_observations ((kind = 'official' AND note <> ''), id);
ALTER TABLE area_observations DROP CONSTRAINT area_observations_kind_check;
ALTER TABLE area_observations ADD CONSTRAINT area_observations_kind_check CHECK (kind IN ('official', 'reported', 'compiled'));
ALTER TABLE population_observations DROP CONSTRAINT population_observations_kind_check;
ALTER TABLE population_observations ADD CONSTRAINT population_observations_kind_check CHECK (kind IN ('official', 'reported'));
ALTER TABLE sources DROP COLUMN borders;
