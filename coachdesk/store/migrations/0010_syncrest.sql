-- CoachDesk vault: a change parked for a later version remembers, from when it arrived,
-- the clock from which this device's own writes had not reached the hub (or, if all
-- had, this device's clock then). Any own write at or after it never saw the parked
-- change, so when the change is applied after an upgrade and wins, the own value lost
-- to a concurrent edit and goes to the conflict log, even if it was pushed meanwhile.
-- NULL (parked before this step): every own value that loses is logged.

ALTER TABLE sync_parked ADD COLUMN concurrent_from TEXT;
