-- CoachDesk vault: referrals in, and fit note periods.
-- Both are entities like the rest (JSON in `data`, journalled, audited, synced).
-- A referral's client_id is empty until the person is matched to a client.

CREATE TABLE referral (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '{}',
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    received_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.received_on')) VIRTUAL
);
CREATE INDEX referral_client ON referral(client_id, received_on);
CREATE INDEX referral_waiting ON referral(status, received_on);

CREATE TABLE fit_note (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '{}',
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL,
    ends_on TEXT GENERATED ALWAYS AS (json_extract(data, '$.ends_on')) VIRTUAL
);
CREATE INDEX fit_note_client ON fit_note(client_id);
CREATE INDEX fit_note_ends ON fit_note(ends_on);
