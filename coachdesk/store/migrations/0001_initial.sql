-- CoachDesk vault, format 1.
-- Each entity table keeps the record as JSON in `data` (the same field encoding that the
-- journal and sync carry), the clock of its last change in `hlc`, and generated columns
-- for what is filtered, sorted or joined on.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE practice (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    name TEXT GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL
);

CREATE TABLE client (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    -- STORED: the caseload list reads these for every client, so they are kept as columns
    given_name TEXT GENERATED ALWAYS AS (json_extract(data, '$.given_name')) STORED,
    family_name TEXT GENERATED ALWAYS AS (json_extract(data, '$.family_name')) STORED,
    preferred_name TEXT GENERATED ALWAYS AS (json_extract(data, '$.preferred_name')) STORED,
    date_of_birth TEXT GENERATED ALWAYS AS (json_extract(data, '$.date_of_birth')) STORED,
    nhs_number TEXT GENERATED ALWAYS AS (json_extract(data, '$.nhs_number')) STORED,
    practice_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.practice_id')) STORED,
    case_status TEXT GENERATED ALWAYS AS (json_extract(data, '$.case_status')) STORED,
    referral_source TEXT GENERATED ALWAYS AS (json_extract(data, '$.referral_source')) STORED,
    review_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.review_on')) STORED
);
CREATE INDEX client_dob ON client(date_of_birth);
-- covers the caseload list, so listing 10,000 clients never reads their records
CREATE INDEX client_list ON client(
    family_name, given_name, preferred_name, date_of_birth, practice_id, case_status,
    referral_source, review_on, id
);
CREATE INDEX client_nhs ON client(nhs_number);
CREATE INDEX client_practice ON client(practice_id);

CREATE TABLE appointment (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL,
    start TEXT GENERATED ALWAYS AS (json_extract(data, '$.start')) VIRTUAL
);
CREATE INDEX appointment_client ON appointment(client_id, start);
CREATE INDEX appointment_start ON appointment(start);

CREATE TABLE case_note (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL,
    written_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.written_at')) VIRTUAL,
    amends_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.amends_id')) VIRTUAL
);
CREATE INDEX case_note_client ON case_note(client_id, written_at);
CREATE INDEX case_note_amends ON case_note(amends_id);

CREATE TABLE action_plan (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL
);
CREATE INDEX action_plan_client ON action_plan(client_id);

CREATE TABLE plan_goal (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL
);
CREATE INDEX plan_goal_client ON plan_goal(client_id);

CREATE TABLE plan_step (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL,
    due_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.due_on')) STORED,
    review_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.review_on')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) STORED,
    deleted INTEGER GENERATED ALWAYS AS (json_extract(data, '$.deleted')) STORED
);
CREATE INDEX plan_step_client ON plan_step(client_id);
CREATE INDEX plan_step_review ON plan_step(review_on);
-- open steps by due date: overdue counts and follow-ups read only this
CREATE INDEX plan_step_open_due ON plan_step(due_on, client_id)
    WHERE deleted = 0 AND status IN ('to_do', 'doing');

CREATE TABLE signposting (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL,
    follow_up_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.follow_up_on')) VIRTUAL
);
CREATE INDEX signposting_client ON signposting(client_id);
CREATE INDEX signposting_follow_up ON signposting(follow_up_on);

CREATE TABLE outcome (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL
);
CREATE INDEX outcome_client ON outcome(client_id);

CREATE TABLE directory_service (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    oruk_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.oruk_id')) VIRTUAL
);
CREATE INDEX directory_service_oruk ON directory_service(oruk_id);

-- The outbox for sync, written in the same transaction as the data: one operation per
-- write of one record, carrying the new value of each field it changed (field-level:
-- merge compares each field's clock). seq is this device's sequence number.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    hlc TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    pushed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_unpushed ON journal(pushed) WHERE pushed = 0;

-- Hash-chained, append-only audit trail: field names only, never values.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    device_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Full-text search. Names (clients, services) and longer text (notes, plan goals and
-- steps, service descriptions) are indexed apart, so type-ahead on one or two letters
-- searches only the small names index. Both share search_doc's rowid.
CREATE TABLE search_doc (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL UNIQUE,
    client_id TEXT,
    title TEXT NOT NULL
);
CREATE VIRTUAL TABLE search_names USING fts5(
    title, prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_text USING fts5(
    body, prefix = '3', tokenize = 'unicode61 remove_diacritics 2'
);

-- Unsaved work kept safe across locks and crashes; never synced.
CREATE TABLE draft (key TEXT PRIMARY KEY, body TEXT NOT NULL, saved_at TEXT NOT NULL);
