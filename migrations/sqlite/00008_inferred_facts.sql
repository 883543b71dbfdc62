-- A partner's kind and a measure's status are facts the seed does not always state: the dataset infers
-- them (a "regionråd" is a regional council; the work "Dette jobber byregionen med" is ongoing). These
-- columns say so, so nothing inferred passes for the source's word. A write through the API states them.

-- +goose Up
ALTER TABLE partners ADD COLUMN kind_inferred INTEGER NOT NULL DEFAULT 0 CHECK (kind_inferred IN (0, 1));
ALTER TABLE measures ADD COLUMN status_inferred INTEGER NOT NULL DEFAULT 0 CHECK (status_inferred IN (0, 1));
-- In a database loaded before: every partner and measure the dataset loaded and no write has changed since
-- (it has no entry in the changes log) holds the dataset's inferred kind or status.
UPDATE partners SET kind_inferred = 1
    WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.resource = 'partners' AND c.resource_id = partners.id);
UPDATE measures SET status_inferred = 1
    WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.resource = 'measures' AND c.resource_id = measures.id);

-- +goose Down
ALTER TABLE partners DROP COLUMN kind_inferred;
ALTER TABLE measures DROP COLUMN status_inferred;
