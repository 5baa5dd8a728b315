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
    given_name TEXT GENERATED ALWAYS AS (json_extract(data, '$.given_name')) VIRTUAL,
    family_name TEXT GENERATED ALWAYS AS (json_extract(data, '$.family_name')) VIRTUAL,
    date_of_birth TEXT GENERATED ALWAYS AS (json_extract(data, '$.date_of_birth')) VIRTUAL,
    nhs_number TEXT GENERATED ALWAYS AS (json_extract(data, '$.nhs_number')) VIRTUAL,
    practice_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.practice_id')) VIRTUAL,
    case_status TEXT GENERATED ALWAYS AS (json_extract(data, '$.case_status')) VIRTUAL
);
CREATE INDEX client_dob ON client(date_of_birth);
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
    due_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.due_on')) VIRTUAL,
    review_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.review_on')) VIRTUAL
);
CREATE INDEX plan_step_client ON plan_step(client_id);
CREATE INDEX plan_step_due ON plan_step(due_on);
CREATE INDEX plan_step_review ON plan_step(review_on);

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

-- Field-level changes for sync, written in the same transaction as the data.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    pushed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_unpushed ON journal(pushed, seq);

-- Hash-chained, append-only audit trail.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL,
    hash TEXT NOT NULL,
    entity_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.entity_id')) VIRTUAL
);
CREATE INDEX audit_entity ON audit(entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Full-text search over names, notes, plan steps and goals, and the directory.
CREATE TABLE search_doc (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL UNIQUE,
    client_id TEXT
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, prefix = '1 2 3 4', tokenize = 'unicode61 remove_diacritics 2'
);

-- Unsaved work kept safe across locks and crashes; never synced.
CREATE TABLE draft (key TEXT PRIMARY KEY, body TEXT NOT NULL, saved_at TEXT NOT NULL);
