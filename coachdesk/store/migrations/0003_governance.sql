-- CoachDesk vault: records governance (erasure on request, consent history).
-- The ids of clients erased here or on another device. An id is random and carries no
-- personal data; it is kept so that a late change for an erased client, from any device,
-- is dropped rather than bringing part of the record back.
CREATE TABLE erased_client (client_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL);

-- Consent history, append-only: each row records consent given or withdrawn for some
-- scopes on a day. The client's current consent is the fold of their rows.
CREATE TABLE consent (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '{}',
    client_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.client_id')) VIRTUAL
);
CREATE INDEX consent_client ON consent(client_id);
