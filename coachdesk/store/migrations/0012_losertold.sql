-- CoachDesk vault: each write remembers how far this device had pulled the team's changes
-- when it was made (the pull cursor, a server sequence of the hub), sent beside the change
-- as `known_upto` so that any device can tell the edit was made without seeing changes
-- the hub took after that sequence (docs/sync-protocol.md section 6). NULL: not known
-- (a write made before this step, or outside a team).

ALTER TABLE journal ADD COLUMN known_upto INTEGER;
