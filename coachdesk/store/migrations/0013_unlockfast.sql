-- CoachDesk vault: the audit trail's smallest index. Every unlock checks that no event is
-- missing (count(*) against the last sequence number, store/anchor.py); count(*) reads
-- the smallest index there is, which was audit_entity (a 36-character id per event: about
-- 12 MB to decrypt at 280,000 events). An index of the sequence number alone is about a
-- sixth of that, so the same check costs about 10 ms instead of 60 at unlock.

CREATE INDEX audit_seq ON audit(seq);
