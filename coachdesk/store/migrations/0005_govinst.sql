-- CoachDesk vault: the employment situation at referral, kept apart from the current one.
-- A client's `employment_situation` is changed as their situation changes; the outcomes
-- report and the evaluation export count the situation the client was referred in, now
-- the field `employment_at_referral`, set when the record is made (domain/people.py).
--
-- Existing clients: the first value of employment_situation this vault journalled for them
-- (the record as it was made here), else, where the journal no longer has it or the record
-- came from another device, or its entry says "as stored" (fields = ''), the current value. Every device runs the same step on the
-- same synced records; the field takes the record's creation clock, like any field never
-- written since.
CREATE TEMP TABLE first_situation AS
    SELECT entity_id, json_extract(fields, '$.employment_situation') AS situation, min(seq)
    FROM journal
    WHERE entity = 'client' AND json_type(
        CASE WHEN json_valid(fields) THEN fields END, '$.employment_situation') = 'text'
    GROUP BY entity_id;
CREATE UNIQUE INDEX temp.first_situation_id ON first_situation(entity_id);

UPDATE client SET data = json_set(data, '$.employment_at_referral', coalesce(
        (SELECT situation FROM temp.first_situation WHERE entity_id = client.id),
        json_extract(data, '$.employment_situation'), 'other'))
    WHERE json_type(data, '$.employment_at_referral') IS NULL;

DROP TABLE temp.first_situation;
