-- CoachDesk vault: a smaller, faster store.
--
-- * The search index keeps no second copy of the long text (notes, plan text, service
--   descriptions): search_text becomes contentless (`contentless_delete = 1`, so a row
--   can still be deleted by its rowid, as erasure and edits do). Snippets are cut from
--   the records themselves. Its words are carried over as they are (from the old table's
--   own copy), so search results do not change. search_names (names only, small, and
--   edited often) keeps its content: FTS5 does not take a contentless row's words out of
--   its bm25 totals when the row is deleted, so names stay ranked exactly.
-- * Many records written together (a directory import, a caseload loaded or first
--   synced) are audited by one event per batch: the event names the table, how many
--   records, and a SHA-256 digest of their sorted ids, inside the hash chain;
--   `audit_member` lists the ids (append-only). The audit check recomputes each digest,
--   so no record can be added to or taken from a batch unnoticed.

-- * A record's creation no longer copies its fields into the journal: `fields` = ''
--   means "as the record's row stores them", and a writer changing the record copies
--   them into the entry first (see store/journal.py). The index finds a record's
--   entries for that (and for erasure and the record's history).

CREATE INDEX journal_entity ON journal(entity_id);

CREATE TEMP TABLE old_search_text AS SELECT rowid AS id, body FROM search_text;
DROP TABLE search_text;
CREATE VIRTUAL TABLE search_text USING fts5(
    body, content = '', contentless_delete = 1, prefix = '3',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_text(rowid, body) SELECT id, body FROM old_search_text;
DROP TABLE old_search_text;

CREATE TABLE audit_member (
    entity_id TEXT NOT NULL,
    audit_seq INTEGER NOT NULL,
    PRIMARY KEY (entity_id, audit_seq)
) WITHOUT ROWID;
CREATE TRIGGER audit_member_no_update BEFORE UPDATE ON audit_member
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_member_no_delete BEFORE DELETE ON audit_member
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
