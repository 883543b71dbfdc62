-- An index behind every filter and sort the collections declare on tables that grow with the data
-- (internal/query/collections.go), so that a page costs the same deep in a million observations as at its
-- start: each index ends with the id, the tiebreaker every sort ends with. The store's plan test
-- (TestEveryFilterAndSortUsesAnIndex) checks each declared filter and sort against SQLite's query plan.
-- Sorts in Norwegian order use a collation at query time and have no index (see that test).

-- +goose Up
DROP INDEX population_by_date;
CREATE INDEX population_by_date ON population_observations (reference_date, id);
CREATE INDEX population_by_value ON population_observations (value, id);
CREATE INDEX population_by_kind ON population_observations (kind, id);
CREATE INDEX population_adjusted ON population_observations ((kind = 'official' AND note <> ''), id);
CREATE INDEX area_by_date ON area_observations (reference_date, id);
CREATE INDEX area_by_value ON area_observations (value_km2, id);
CREATE INDEX area_by_kind ON area_observations (kind, id);
CREATE INDEX area_by_measure ON area_observations (measure, id);

CREATE INDEX goals_by_region ON goals (region_id, id);
CREATE INDEX goals_by_position ON goals (position, id);
CREATE INDEX results_by_region ON results (region_id, id);
CREATE INDEX results_by_position ON results (position, id);
CREATE INDEX lessons_by_region ON lessons (region_id, id);
CREATE INDEX lessons_by_position ON lessons (position, id);
CREATE INDEX documents_by_region ON documents (region_id, id);
CREATE INDEX documents_by_position ON documents (position, id);
CREATE INDEX partners_by_region ON partners (region_id, id);
CREATE INDEX partners_by_position ON partners (position, id);
CREATE INDEX partners_by_kind ON partners (kind, id);
CREATE INDEX measures_by_region ON measures (region_id, id);
CREATE INDEX measures_by_position ON measures (position, id);
CREATE INDEX measures_by_status ON measures (status, id);
CREATE INDEX themes_by_region ON themes (region_id, id);
CREATE INDEX themes_by_position ON themes (position, id);
CREATE INDEX themes_by_kind ON themes (kind, id);
CREATE INDEX themes_by_phase ON themes (phase, id);
CREATE INDEX themes_by_parent ON themes (COALESCE(parent_id, ''), id);
-- Statistics for the planner, so that it takes an index on a column of two values (kind) for what it is;
-- the store refreshes them after every load and import.
ANALYZE;

-- +goose Down
DROP INDEX themes_by_parent;
DROP INDEX themes_by_phase;
DROP INDEX themes_by_kind;
DROP INDEX themes_by_position;
DROP INDEX themes_by_region;
DROP INDEX measures_by_status;
DROP INDEX measures_by_position;
DROP INDEX measures_by_region;
DROP INDEX partners_by_kind;
DROP INDEX partners_by_position;
DROP INDEX partners_by_region;
DROP INDEX documents_by_position;
DROP INDEX documents_by_region;
DROP INDEX lessons_by_position;
DROP INDEX lessons_by_region;
DROP INDEX results_by_position;
DROP INDEX results_by_region;
DROP INDEX goals_by_position;
DROP INDEX goals_by_region;
DROP INDEX area_by_measure;
DROP INDEX area_by_kind;
DROP INDEX area_by_value;
DROP INDEX area_by_date;
DROP INDEX population_adjusted;
DROP INDEX population_by_kind;
DROP INDEX population_by_value;
DROP INDEX population_by_date;
CREATE INDEX population_by_date ON population_observations (reference_date);
