-- The municipal areas come from a compilation that does not say where its figures come from or when they
-- were measured: they are not official statistics, and their kind says so ("compiled").
--
-- PostgreSQL's version of sqlite/00009_compiled_area.sql, which has to make the table again: here the
-- CHECK is replaced in place.

-- +goose Up
ALTER TABLE area_observations DROP CONSTRAINT area_observations_kind_check;
ALTER TABLE area_observations ADD CONSTRAINT area_observations_kind_check CHECK (kind IN ('official', 'reported', 'compiled'));
UPDATE area_observations SET kind = 'compiled' WHERE source_id = 'aprestmo-norway-geodata' AND kind = 'official';

-- +goose Down
UPDATE area_observations SET kind = 'official' WHERE kind = 'compiled';
ALTER TABLE area_observations DROP CONSTRAINT area_observations_kind_check;
ALTER TABLE area_observations ADD CONSTRAINT area_observations_kind_check CHECK (kind IN ('official', 'reported'));
