-- CoachDesk vault: smaller directory services (issue 13: an ORUK import of 5,000
-- services wrote a 4 KB page for each).
--
-- * The ORUK record a service keeps for export (`oruk`, about 1.7 KB of JSON) lives in a
--   table of its own, `directory_oruk`, beside the service's row, which keeps the
--   field as "" in its place. A row of about 0.8 KB then shares its page with four
--   others, and the kept text is stored once as text (not escaped inside the row's
--   JSON). `directory_service` is now a view that puts the text back: it shows every
--   reader (repositories, the journal's creation entries and `freeze`, sync, the
--   checkpoint, the digest, reports) each record exactly as it was, with the same
--   fields in the same order, and its triggers take the same writes as the table did,
--   splitting the text off. The store's bulk write (`Repository.add_many`) writes the
--   two tables directly.
-- * The vault's full-text search no longer indexes directory services: the directory
--   searches its own index (coachdesk/directory/search.py), and no search of the vault
--   asks for services, so those entries were written and never read.

DELETE FROM search_names WHERE rowid IN
    (SELECT rowid FROM search_doc WHERE kind = 'directory_service');
DELETE FROM search_text WHERE rowid IN
    (SELECT rowid FROM search_doc WHERE kind = 'directory_service');
DELETE FROM search_doc WHERE kind = 'directory_service';

ALTER TABLE directory_service RENAME TO directory_service_row;

CREATE TABLE directory_oruk (
    id TEXT PRIMARY KEY,
    oruk TEXT NOT NULL
);

INSERT INTO directory_oruk(id, oruk)
    SELECT id, json_extract(data, '$.oruk') FROM directory_service_row
    WHERE json_type(data, '$.oruk') = 'text' AND json_extract(data, '$.oruk') != '';
UPDATE directory_service_row SET data = json_replace(data, '$.oruk', '')
    WHERE id IN (SELECT id FROM directory_oruk);

CREATE VIEW directory_service(id, data, hlc, clocks, oruk_id) AS
    SELECT r.id,
           CASE WHEN o.id IS NULL THEN r.data ELSE json_replace(r.data, '$.oruk', o.oruk) END,
           r.hlc, r.clocks, r.oruk_id
    FROM directory_service_row AS r LEFT JOIN directory_oruk AS o ON o.id = r.id;

CREATE TRIGGER directory_service_insert INSTEAD OF INSERT ON directory_service
BEGIN
    INSERT INTO directory_service_row(id, data, hlc, clocks) VALUES (
        NEW.id,
        CASE WHEN json_type(NEW.data, '$.oruk') = 'text' AND json_extract(NEW.data, '$.oruk') != ''
             THEN json_replace(NEW.data, '$.oruk', '') ELSE NEW.data END,
        NEW.hlc, coalesce(NEW.clocks, '{}'));
    INSERT INTO directory_oruk(id, oruk)
        SELECT NEW.id, json_extract(NEW.data, '$.oruk')
        WHERE json_type(NEW.data, '$.oruk') = 'text' AND json_extract(NEW.data, '$.oruk') != '';
END;

CREATE TRIGGER directory_service_update INSTEAD OF UPDATE ON directory_service
BEGIN
    UPDATE directory_service_row SET
        id = NEW.id,
        data = CASE WHEN json_type(NEW.data, '$.oruk') = 'text'
                         AND json_extract(NEW.data, '$.oruk') != ''
                    THEN json_replace(NEW.data, '$.oruk', '') ELSE NEW.data END,
        hlc = NEW.hlc,
        clocks = NEW.clocks
    WHERE id = OLD.id;
    DELETE FROM directory_oruk WHERE id = OLD.id;
    INSERT INTO directory_oruk(id, oruk)
        SELECT NEW.id, json_extract(NEW.data, '$.oruk')
        WHERE json_type(NEW.data, '$.oruk') = 'text' AND json_extract(NEW.data, '$.oruk') != '';
END;

CREATE TRIGGER directory_service_delete INSTEAD OF DELETE ON directory_service
BEGIN
    DELETE FROM directory_oruk WHERE id = OLD.id;
    DELETE FROM directory_service_row WHERE id = OLD.id;
END;

-- Nothing looks a service up by its ORUK id in SQL (an import matches them in memory,
-- from one read of the services), so its index was written and never read.
DROP INDEX directory_service_oruk;
