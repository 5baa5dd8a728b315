-- Issue 12 item 15: the caseload flags clients with a safeguarding note; a partial index
-- keeps that look-up to the few tagged notes instead of a scan of every note.
CREATE INDEX case_note_safeguarding ON case_note(client_id, written_at)
    WHERE instr(json_extract(data, '$.tags'), '"safeguarding"') > 0;
