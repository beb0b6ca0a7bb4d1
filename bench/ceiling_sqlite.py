"""Write ceiling on SQLite: the writes of one registration, bare, one transaction each, from one
connection, with the server's durability (WAL, synchronous=FULL), for SECONDS seconds.

    python3 bench/ceiling_sqlite.py FILE SECONDS [EVENTS]

Per transaction: the seat counter of one event updated (a seat while some are left, else a
place in line: the row is written either way, as the server writes its event's row to lock
it), a registration row, a choice row, an outbox row. Own scratch tables in FILE. Prints
"tisser-ceiling commits=… seconds=…".
"""

import sqlite3
import sys
import time
import uuid

path, seconds = sys.argv[1], float(sys.argv[2])
events = int(sys.argv[3]) if len(sys.argv) > 3 else 1
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.executescript("""
CREATE TABLE seats (id INTEGER PRIMARY KEY, capacity INTEGER NOT NULL, taken INTEGER NOT NULL,
                    waiting INTEGER NOT NULL);
CREATE TABLE registrations (id BLOB PRIMARY KEY, event_id INTEGER NOT NULL, email TEXT NOT NULL,
                            first_name TEXT NOT NULL, last_name TEXT NOT NULL, status TEXT NOT NULL,
                            created_at TEXT NOT NULL, UNIQUE (event_id, email));
CREATE TABLE choices (registration_id BLOB NOT NULL, session_id INTEGER NOT NULL, status TEXT NOT NULL,
                      position INTEGER, PRIMARY KEY (registration_id, session_id));
CREATE TABLE outbox (id BLOB PRIMARY KEY, registration_id BLOB NOT NULL, kind TEXT NOT NULL,
                     payload TEXT NOT NULL, due_at TEXT NOT NULL);
""")
db.executemany("INSERT INTO seats VALUES (?, 30, 0, 0)", [(e,) for e in range(1, events + 1)])
commits = 0
start = time.perf_counter()
end = start + seconds
while time.perf_counter() < end:
    e = commits % events + 1
    rid = uuid.uuid4().bytes
    db.execute("BEGIN IMMEDIATE")
    taken, waiting, capacity = db.execute(
        "UPDATE seats SET taken = taken + (taken < capacity), waiting = waiting + (taken >= capacity) "
        "WHERE id = ? RETURNING taken, waiting, capacity", (e,)).fetchone()
    seat = waiting == 0
    status = "confirmed" if seat else "waitlisted"
    db.execute("INSERT INTO registrations VALUES (?, ?, ?, 'Léa', 'Martin', ?, datetime('now'))",
               (rid, e, f"{uuid.uuid4()}@example.org", status))
    db.execute("INSERT INTO choices VALUES (?, ?, ?, ?)", (rid, e, status, None if seat else waiting))
    db.execute("INSERT INTO outbox VALUES (?, ?, 'confirmation', ?, datetime('now'))",
               (uuid.uuid4().bytes, rid, "x" * 400))
    db.execute("COMMIT")
    commits += 1
print(f"tisser-ceiling commits={commits} seconds={time.perf_counter() - start:.3f}")
