"""Burst: N people register at the same instant for one workshop of CAPACITY seats.

    python3 bench/burst.py BASE_URL SLUG SESSION_ID N CAPACITY ADMIN_TOKEN

Each thread opens its connection first; a barrier then lets all requests go at once. Prints
one line "tisser-burst wall_ms=… created=… other=… confirmed=… waitlisted=… oversell=…", the
statuses read back from the registrations list (GET …/registrations with the admin token),
not from the answers.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

base, slug, session, n, capacity, token = sys.argv[1:7]
n, capacity = int(n), int(capacity)
host = urllib.parse.urlsplit(base)
start = []
barrier = threading.Barrier(n, action=lambda: start.append(time.perf_counter()))
ends = [0.0] * n
statuses = [0] * n


def one(i: int) -> None:
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    conn.connect()
    body = json.dumps({"email": f"burst-{i}@example.org", "first_name": "Léa", "last_name": f"Martin {i}",
                       "sessions": [session]})
    barrier.wait()
    try:
        conn.request("POST", f"/api/v1/events/{slug}/registrations", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        statuses[i] = r.status
    except OSError as e:
        print(f"request {i}: {e}", file=sys.stderr)
    ends[i] = time.perf_counter()
    conn.close()


threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall_ms = (max(ends) - start[0]) * 1000

conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
conn.request("GET", f"/api/v1/events/{slug}/registrations", headers={"Authorization": f"Bearer {token}"})
r = conn.getresponse()
assert r.status == 200, (r.status, r.read()[:300])
listed = json.loads(r.read())
choice = [c["status"] for reg in listed for c in reg["sessions"] if c["session_id"] == session]
confirmed = choice.count("confirmed")
waitlisted = choice.count("waitlisted")
created = statuses.count(201)
print(f"tisser-burst wall_ms={wall_ms:.0f} created={created} other={n - created} confirmed={confirmed} "
      f"waitlisted={waitlisted} oversell={max(0, confirmed - capacity)} listed={len(listed)}")
