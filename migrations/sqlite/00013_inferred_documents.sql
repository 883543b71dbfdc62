-- A document the source does not list is no fact of the source: Tromsøregionen's page quotes from its
-- application but its Dokumenter section lists nothing, so the dataset infers the document, and says so.
-- A write through the API states a document, so it is not inferred.

-- +goose Up
ALTER TABLE documents ADD COLUMN inferred INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1));
-- In a database loaded before: every document the dataset loaded and no write has changed since (it has no
-- entry in the changes log) is the dataset's inferred one.
UPDATE documents SET inferred = 1
    WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.resource = 'documents' AND c.resource_id = documents.id);

-- +goose Down
ALTER TABLE documents DROP COLUMN inferred;
