"""Reads the registrations of events back (GET /api/v1/events/{slug}/registrations, admin
token) after a load: how many there are, and how many confirmed seats any workshop holds
beyond its capacity.

    python3 bench/readback.py BASE_URL ADMIN_TOKEN CAPACITY SLUG…

Prints "tisser-readback listed=… confirmed=… waitlisted=… oversell=…".
"""

import collections
import http.client
import json
import sys
import urllib.parse

base, token, capacity, slugs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
host = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(host.hostname, host.port, timeout=300)
listed = 0
statuses = collections.Counter()
oversell = 0
for slug in slugs:
    conn.request("GET", f"/api/v1/events/{slug}/registrations", headers={"Authorization": f"Bearer {token}"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"{slug}: {r.status} {body[:300]!r}")
    regs = json.loads(body)
    listed += len(regs)
    confirmed = collections.Counter()
    for reg in regs:
        for c in reg["sessions"]:
            statuses[c["status"]] += 1
            if c["status"] == "confirmed":
                confirmed[c["session_id"]] += 1
    oversell += sum(max(0, n - capacity) for n in confirmed.values())
print(f"tisser-readback listed={listed} confirmed={statuses['confirmed']} "
      f"waitlisted={statuses['waitlisted']} oversell={oversell}")
