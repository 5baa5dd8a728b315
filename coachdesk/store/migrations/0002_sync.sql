-- CoachDesk vault, format 2: ready for sync.
--
-- * A clock per field. Each record keeps `clocks`, a compact JSON object: "" is the clock
--   the record was made with, and a field whose last write had another clock has its own
--   entry. `{}` (a record not changed since this device made it) means every field has
--   the row's `hlc`. A clock is the encoded HLC, followed by " <device id>" when the
--   write came from another device (no device means this vault's own). Field-level
--   last-writer-wins by (HLC, device id) then needs no journal, so the journal can be
--   compacted.
-- * The journal (outbox) keeps one row per write, with the values of the fields it
--   changed; each field is one change on the wire, with its own device sequence number
--   (first_seq .. last_seq, in the order of `fields`) and an op id derived from the row's,
--   and the client the record belongs to (for erasure).
-- * Changes from other devices: which have been applied (sync_seen, ranges of each
--   device's sequence numbers), the losing side of concurrent edits (conflict), changes
--   this version cannot apply (sync_parked), and new records still missing fields
--   (sync_staged).
--
-- Existing vaults: one pass numbers the journal's changes 1, 2, 3... in journal order and
-- fills in each write's client; only records written more than once get clock entries.

ALTER TABLE journal ADD COLUMN first_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE journal ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE journal ADD COLUMN client_id TEXT;

UPDATE journal SET
    first_seq = numbered.last_seq - numbered.n + 1,
    last_seq = numbered.last_seq,
    client_id = CASE journal.entity
            WHEN 'client' THEN journal.entity_id
            WHEN 'practice' THEN NULL
            WHEN 'directory_service' THEN NULL
            ELSE coalesce(json_extract(journal.fields, '$.client_id'), CASE journal.entity
            WHEN 'appointment' THEN (SELECT client_id FROM appointment WHERE id = journal.entity_id)
            WHEN 'case_note' THEN (SELECT client_id FROM case_note WHERE id = journal.entity_id)
            WHEN 'action_plan' THEN (SELECT client_id FROM action_plan WHERE id = journal.entity_id)
            WHEN 'plan_goal' THEN (SELECT client_id FROM plan_goal WHERE id = journal.entity_id)
            WHEN 'plan_step' THEN (SELECT client_id FROM plan_step WHERE id = journal.entity_id)
            WHEN 'signposting' THEN (SELECT client_id FROM signposting WHERE id = journal.entity_id)
            WHEN 'outcome' THEN (SELECT client_id FROM outcome WHERE id = journal.entity_id)
            END)
        END
FROM (
    SELECT seq AS s, n, sum(n) OVER (ORDER BY seq) AS last_seq
    FROM (SELECT seq, (SELECT count(*) FROM json_each(journal.fields)) AS n FROM journal)
) AS numbered
WHERE numbered.s = journal.seq;

CREATE TEMP TABLE rewritten AS
    SELECT entity_id, min(hlc) AS base FROM journal GROUP BY entity_id HAVING count(*) > 1;
CREATE UNIQUE INDEX temp.rewritten_id ON rewritten(entity_id);
CREATE TEMP TABLE field_clock AS
    SELECT j.entity_id AS entity_id, f.key AS field, max(j.hlc) AS hlc
    FROM rewritten AS r JOIN journal AS j ON j.entity_id = r.entity_id AND j.hlc > r.base,
         json_each(j.fields) AS f
    GROUP BY j.entity_id, f.key;
CREATE INDEX temp.field_clock_id ON field_clock(entity_id);

ALTER TABLE practice ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE practice SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = practice.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE client ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE client SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = client.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE appointment ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE appointment SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = appointment.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE case_note ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE case_note SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = case_note.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE action_plan ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE action_plan SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = action_plan.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE plan_goal ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE plan_goal SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = plan_goal.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE plan_step ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE plan_step SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = plan_step.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE signposting ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE signposting SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = signposting.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE outcome ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE outcome SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = outcome.id)
WHERE id IN (SELECT entity_id FROM rewritten);
ALTER TABLE directory_service ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';
UPDATE directory_service SET clocks = (
    SELECT json_patch(json_object('', r.base), (
        SELECT json_group_object(f.field, f.hlc) FROM field_clock AS f
        WHERE f.entity_id = r.entity_id))
    FROM rewritten AS r WHERE r.entity_id = directory_service.id)
WHERE id IN (SELECT entity_id FROM rewritten);
DROP TABLE temp.rewritten;
DROP TABLE temp.field_clock;

CREATE TABLE sync_seen (
    device_id TEXT NOT NULL,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    PRIMARY KEY (device_id, lo)
) WITHOUT ROWID;

-- both sides of a concurrent edit: the value kept and the value that lost, with clocks
CREATE TABLE conflict (
    id INTEGER PRIMARY KEY,
    op_id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    client_id TEXT,
    kept_value TEXT,
    kept_clock TEXT NOT NULL,
    lost_value TEXT,
    lost_clock TEXT NOT NULL,
    reason TEXT NOT NULL,
    logged_at TEXT NOT NULL,
    reviewed_at TEXT
);
CREATE INDEX conflict_client ON conflict(client_id);

CREATE TABLE sync_parked (
    op_id TEXT PRIMARY KEY,
    change TEXT NOT NULL,
    client_id TEXT,
    reason TEXT NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE sync_staged (
    entity_id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    client_id TEXT,
    data TEXT NOT NULL,
    clocks TEXT NOT NULL
);


