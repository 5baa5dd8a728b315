-- CoachDesk vault: clinic days (recurring patterns per practice) and closures (leave,
-- training days). Both are shared records (no client in them), written, journalled,
-- audited and synced through the one write path like every other entity.
CREATE TABLE clinic_pattern (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '{}',
    practice_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.practice_id')) VIRTUAL
);
CREATE INDEX clinic_pattern_practice ON clinic_pattern(practice_id);

CREATE TABLE clinic_closure (
    id TEXT PRIMARY KEY, data TEXT NOT NULL, hlc TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '{}',
    first_day TEXT GENERATED ALWAYS AS (json_extract(data, '$.first_day')) VIRTUAL
);
CREATE INDEX clinic_closure_day ON clinic_closure(first_day);
