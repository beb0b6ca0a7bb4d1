-- pgbench script (bench/all.sh): the writes of one registration, bare, in one transaction, on
-- the scratch tables of bench/all.sh: the seat counter of one of :events events (a seat while
-- some are left, else a place in line: the row is written either way, as the server writes its
-- event's row to lock it), a registration row, a choice row, an outbox row.
\set e random(1, :events)
BEGIN;
UPDATE seats SET taken = taken + (taken < capacity)::int, waiting = waiting + (taken >= capacity)::int
  WHERE id = :e RETURNING CASE WHEN waiting = 0 THEN 'confirmed' ELSE 'waitlisted' END AS st, waiting AS pos \gset
INSERT INTO registrations VALUES (gen_random_uuid(), :e, gen_random_uuid()::text || '@example.org', 'Léa', 'Martin', :st, now())
  RETURNING id AS rid \gset
INSERT INTO choices VALUES (:rid, :e, :st, :pos);
INSERT INTO outbox VALUES (gen_random_uuid(), :rid, 'confirmation', repeat('x', 400), now());
COMMIT;
