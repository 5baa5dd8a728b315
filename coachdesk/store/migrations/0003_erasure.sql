-- CoachDesk vault: erasure on request.
-- The ids of clients erased here or on another device. An id is random and carries no
-- personal data; it is kept so that a late change for an erased client, from any device,
-- is dropped rather than bringing part of the record back.
CREATE TABLE erased_client (client_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
