-- The first schema: sources, programme, counties, municipalities as lasting identities with dated codes,
-- regions and their members, population and area observations, and the region texts.
-- Dates are ISO 8601 'YYYY-MM-DD' text; NULL in valid_from means "before the first recorded change",
-- NULL in valid_to means "still valid".

-- +goose Up
CREATE TABLE sources (
    id        TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    title     TEXT NOT NULL CHECK (title <> ''),
    publisher TEXT NOT NULL CHECK (publisher <> ''),
    url       TEXT,
    licence   TEXT NOT NULL CHECK (licence <> ''),
    retrieved TEXT CHECK (retrieved GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    note      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE programmes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    description TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL,
    source_id   TEXT NOT NULL REFERENCES sources (id)
);

CREATE TABLE counties (
    code      TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9]' AND length(code) = 2),
    name      TEXT NOT NULL CHECK (name <> ''),
    source_id TEXT NOT NULL REFERENCES sources (id)
);

-- A municipality is a lasting identity; codes, names and county are dated rows of it. The id is the
-- code in force ("5501"), or for a retired identity its last code and last year ("1725-2019").
CREATE TABLE municipalities (
    id TEXT PRIMARY KEY CHECK (id GLOB '[0-9][0-9][0-9][0-9]' OR id GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]')
);

CREATE TABLE municipality_codes (
    id              INTEGER PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    code            TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9][0-9]' AND length(code) = 4),
    name            TEXT NOT NULL CHECK (name <> ''),
    county_code     TEXT NOT NULL REFERENCES counties (code),
    valid_from      TEXT CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to        TEXT CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < valid_to)
);
-- At most one code in force per municipality, and a code in force names one municipality.
CREATE UNIQUE INDEX municipality_codes_current_identity ON municipality_codes (municipality_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX municipality_codes_current_code ON municipality_codes (code) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX municipality_codes_period ON municipality_codes (code, COALESCE(valid_from, ''));
CREATE INDEX municipality_codes_identity ON municipality_codes (municipality_id, valid_from);

-- Mergers and splits from SSB's change table: the predecessor's territory went (wholly or in part) to
-- the successor. Renumberings and renamings are code periods of one identity, not successions.
CREATE TABLE municipality_successions (
    predecessor_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    successor_id   TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind           TEXT NOT NULL CHECK (kind IN ('merger', 'split', 'part_transferred')),
    source_id      TEXT NOT NULL REFERENCES sources (id),
    PRIMARY KEY (predecessor_id, successor_id, date)
);
CREATE INDEX municipality_successions_successor ON municipality_successions (successor_id);

-- Official names in each language (BCP 47 tags: no, se, smj, sma, fkv).
CREATE TABLE municipality_names (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    language        TEXT NOT NULL CHECK (language <> ''),
    name            TEXT NOT NULL CHECK (name <> ''),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    PRIMARY KEY (municipality_id, language)
);

CREATE TABLE regions (
    id                   TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    programme_id         TEXT NOT NULL REFERENCES programmes (id),
    name                 TEXT NOT NULL CHECK (name <> ''),
    alternative_name     TEXT NOT NULL DEFAULT '',
    description          TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL,
    lead_municipality_id TEXT REFERENCES municipalities (id),
    source_id            TEXT NOT NULL REFERENCES sources (id)
);

-- The programme phases a region took part in, and how sure the sources are of it.
CREATE TABLE region_phases (
    region_id TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    phase     INTEGER NOT NULL CHECK (phase IN (1, 2)),
    status    TEXT NOT NULL CHECK (status IN ('confirmed', 'unverified', 'indicated')),
    PRIMARY KEY (region_id, phase)
);

-- listed_code and listed_name are the member as the source lists it (a 2015 name, resolved to that
-- year's code); municipality_id is the identity it names. role 'member' means the source names no lead.
-- phase is the programme phase whose member list the source gives.
CREATE TABLE region_memberships (
    id              TEXT PRIMARY KEY,
    region_id       TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    listed_code     TEXT NOT NULL CHECK (listed_code GLOB '[0-9][0-9][0-9][0-9]' AND length(listed_code) = 4),
    listed_name     TEXT NOT NULL CHECK (listed_name <> ''),
    role            TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'member')),
    phase           INTEGER CHECK (phase IN (1, 2)),
    valid_from      TEXT CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to        TEXT CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    source_id       TEXT NOT NULL REFERENCES sources (id)
);
CREATE UNIQUE INDEX region_memberships_once ON region_memberships (region_id, municipality_id, COALESCE(phase, 0));
CREATE INDEX region_memberships_municipality ON region_memberships (municipality_id);

-- An observation belongs to exactly one subject: a municipality or a region.
CREATE TABLE population_observations (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    region_id       TEXT REFERENCES regions (id) ON DELETE CASCADE,
    reference_date  TEXT NOT NULL CHECK (reference_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value           INTEGER NOT NULL CHECK (value >= 0),
    kind            TEXT NOT NULL CHECK (kind IN ('official', 'reported')),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    note            TEXT NOT NULL DEFAULT '',
    CHECK ((municipality_id IS NULL) <> (region_id IS NULL))
);
CREATE UNIQUE INDEX population_once_per_municipality ON population_observations (municipality_id, reference_date, source_id) WHERE municipality_id IS NOT NULL;
CREATE UNIQUE INDEX population_once_per_region ON population_observations (region_id, reference_date, source_id) WHERE region_id IS NOT NULL;
CREATE INDEX population_by_date ON population_observations (reference_date);

CREATE TABLE area_observations (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    region_id       TEXT REFERENCES regions (id) ON DELETE CASCADE,
    reference_date  TEXT NOT NULL CHECK (reference_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value_km2       REAL NOT NULL CHECK (value_km2 > 0),
    measure         TEXT NOT NULL CHECK (measure IN ('total', 'land', 'unknown')),
    kind            TEXT NOT NULL CHECK (kind IN ('official', 'reported')),
    source_id       TEXT NOT NULL REFERENCES sources (id),
    note            TEXT NOT NULL DEFAULT '',
    CHECK ((municipality_id IS NULL) <> (region_id IS NULL))
);
CREATE UNIQUE INDEX area_once_per_municipality ON area_observations (municipality_id, reference_date, source_id) WHERE municipality_id IS NOT NULL;
CREATE UNIQUE INDEX area_once_per_region ON area_observations (region_id, reference_date, source_id) WHERE region_id IS NOT NULL;

CREATE TABLE goals (
    id        TEXT PRIMARY KEY,
    region_id TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position > 0),
    text      TEXT NOT NULL CHECK (text <> ''),
    language  TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    UNIQUE (region_id, position)
);

CREATE TABLE results (
    id        TEXT PRIMARY KEY,
    region_id TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position > 0),
    text      TEXT NOT NULL CHECK (text <> ''),
    language  TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    UNIQUE (region_id, position)
);

CREATE TABLE lessons (
    id        TEXT PRIMARY KEY,
    region_id TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position > 0),
    title     TEXT NOT NULL CHECK (title <> ''),
    text      TEXT NOT NULL,
    language  TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    UNIQUE (region_id, position)
);

-- A main theme has sub-themes (parent_id); phase is the programme phase it belongs to. kind says whether
-- the title quotes the source or is a short summary label written for the dataset.
CREATE TABLE themes (
    id          TEXT PRIMARY KEY,
    region_id   TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    parent_id   TEXT REFERENCES themes (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('quoted', 'summary_label')),
    phase       INTEGER CHECK (phase IN (1, 2)),
    position    INTEGER NOT NULL CHECK (position > 0),
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL,
    source_id   TEXT NOT NULL REFERENCES sources (id)
);
CREATE UNIQUE INDEX themes_position ON themes (region_id, COALESCE(parent_id, ''), position);

CREATE TABLE partners (
    id        TEXT PRIMARY KEY,
    region_id TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position > 0),
    name      TEXT NOT NULL CHECK (name <> ''),
    kind      TEXT NOT NULL CHECK (kind IN ('business_organisation', 'research_and_development', 'county_authority',
                                            'regional_council', 'public_funding_agency', 'municipality', 'other')),
    role      TEXT NOT NULL DEFAULT '',
    language  TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    UNIQUE (region_id, position)
);

-- period is the period in the source's own words; starts/ends are dates where the source gives them.
CREATE TABLE measures (
    id          TEXT PRIMARY KEY,
    region_id   TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position > 0),
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('planned', 'ongoing', 'completed')),
    period      TEXT NOT NULL DEFAULT '',
    starts      TEXT CHECK (starts GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ends        TEXT CHECK (ends GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    language    TEXT NOT NULL,
    source_id   TEXT NOT NULL REFERENCES sources (id),
    UNIQUE (region_id, position)
);

CREATE TABLE measure_themes (
    measure_id TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    theme_id   TEXT NOT NULL REFERENCES themes (id),
    PRIMARY KEY (measure_id, theme_id)
);
CREATE TABLE measure_goals (
    measure_id TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    goal_id    TEXT NOT NULL REFERENCES goals (id),
    PRIMARY KEY (measure_id, goal_id)
);
CREATE TABLE measure_partners (
    measure_id TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    PRIMARY KEY (measure_id, partner_id)
);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    region_id   TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position > 0),
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    url         TEXT,
    language    TEXT NOT NULL,
    source_id   TEXT NOT NULL REFERENCES sources (id),
    UNIQUE (region_id, position)
);

-- One row per embedded dataset loaded, so a restart neither duplicates nor changes data.
CREATE TABLE dataset_loads (
    name      TEXT PRIMARY KEY,
    checksum  TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE dataset_loads;
DROP TABLE documents;
DROP TABLE measure_partners;
DROP TABLE measure_goals;
DROP TABLE measure_themes;
DROP TABLE measures;
DROP TABLE partners;
DROP TABLE themes;
DROP TABLE lessons;
DROP TABLE results;
DROP TABLE goals;
DROP TABLE area_observations;
DROP TABLE population_observations;
DROP TABLE region_memberships;
DROP TABLE region_phases;
DROP TABLE regions;
DROP TABLE municipality_names;
DROP TABLE municipality_successions;
DROP TABLE municipality_codes;
DROP TABLE municipalities;
DROP TABLE counties;
DROP TABLE programmes;
DROP TABLE sources;
