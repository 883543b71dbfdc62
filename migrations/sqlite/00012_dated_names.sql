-- A municipality's names are dated, like its codes: each name has the period SSB's official name of the
-- municipality included it, so a municipality can have had two names in one language, one after the other,
-- and the key is no longer (municipality, language). SQLite cannot change a primary key in place, so the
-- table is made again. The names already here keep no dates (open at both ends), as the build that loaded
-- them had them; the store's LoadDataset then brings every municipality no write has changed up to the
-- names, dated, that the embedded dataset gives (the rule lives there, once).

-- +goose Up
CREATE TABLE municipality_names_new (
    id              INTEGER PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (language <> ''),
    name            TEXT NOT NULL CHECK (name <> ''),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    valid_from      TEXT CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to        TEXT CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < valid_to)
);
INSERT INTO municipality_names_new (municipality_id, language, name, source_id)
    SELECT municipality_id, language, name, source_id FROM municipality_names ORDER BY municipality_id, language;
DROP TABLE municipality_names;
ALTER TABLE municipality_names_new RENAME TO municipality_names;
-- Two names of one language never begin together (the writes check that they do not overlap at all); the
-- index also finds a municipality's names.
CREATE UNIQUE INDEX municipality_names_period ON municipality_names (municipality_id, language, COALESCE(valid_from, ''));

-- +goose Down
-- One name per language again: the one that began last (which may have ended since; a build before dated
-- names kept the name of each language Kartverket listed in 2023).
CREATE TABLE municipality_names_old (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (language <> ''),
    name            TEXT NOT NULL CHECK (name <> ''),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    PRIMARY KEY (municipality_id, language)
);
INSERT INTO municipality_names_old SELECT municipality_id, language, name, source_id FROM municipality_names n
    WHERE NOT EXISTS (SELECT 1 FROM municipality_names later WHERE later.municipality_id = n.municipality_id
        AND later.language = n.language AND COALESCE(later.valid_from, '') > COALESCE(n.valid_from, ''));
DROP TABLE municipality_names;
ALTER TABLE municipality_names_old RENAME TO municipality_names;
