"""Registers N people for one workshop, 16 at a time over kept-alive connections, printing
progress; stops at the first answer that is not 201.

    python3 bench/fill.py BASE_URL SLUG SESSION_ID N
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

base, slug, session, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
host = urllib.parse.urlsplit(base)
local = threading.local()
done = 0
lock = threading.Lock()
t0 = time.perf_counter()


def one(i: int) -> None:
    global done
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    body = json.dumps({"email": f"p{i}@example.org", "first_name": "Léa", "last_name": f"Martin-Dupré {i}",
                       "organization": "=HYPERLINK(\"x\")", "accessibility_needs": "Boucle magnétique",
                       "sessions": [session]})
    local.conn.request("POST", f"/api/v1/events/{slug}/registrations", body, {"Content-Type": "application/json"})
    r = local.conn.getresponse()
    answer = r.read()
    if r.status != 201:
        raise RuntimeError(f"registration {i}: {r.status} {answer[:300]!r}")
    with lock:
        done += 1
        if done % 1000 == 0 or done == n:
            print(f"  {done}/{n} registered ({time.perf_counter() - t0:.0f} s)", flush=True)


with ThreadPoolExecutor(16) as pool:
    list(pool.map(one, range(n)))
