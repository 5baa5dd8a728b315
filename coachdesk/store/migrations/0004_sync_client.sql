-- CoachDesk vault: the device side of sync.
--
-- * sync_state: this device's membership of a team (team id, hub address, pinned
--   certificate, device token, device private keys, the team keyring) and its pull
--   cursor. Kept here, inside the encrypted vault, and nowhere else.
-- * sync_refused: changes from the hub this device would not apply. `held` = 1: its
--   clock was too far ahead of the hub's; it is tried again on later syncs. `held` = 0:
--   it did not open with the team key (altered or moved by someone); kept for the record.

CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sync_refused (
    server_seq INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    op_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    sealed TEXT NOT NULL,
    held INTEGER NOT NULL,
    received_at TEXT NOT NULL
);
