#!/usr/bin/env bash
# Benchmark: exporting the attendee list of an event with many registrations, as CSV and as
# XLSX. Prints, for each, the time, the size, the rows read back, and the server's peak
# resident memory (VmHWM) before and after, to show the export's memory stays bounded.
#
#   bash bench/export.sh                 # SQLite, 10,000 registrations
#   N=20000 bash bench/export.sh postgres://postgres@127.0.0.1:5432/postgres
#
# Needs curl and Python 3 with openpyxl (pip install -r tests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh "${1:-}"
n="${N:-10000}"
echo "registering $n people (8 at a time)…"
python3 - "$api" "$session" "$n" <<'PY'
import json, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
api, session, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def one(i):
    body = json.dumps({"email": f"p{i}@example.org", "first_name": "Léa", "last_name": f"Martin-Dupré {i}",
        "organization": "=HYPERLINK(\"x\")", "accessibility_needs": "Boucle magnétique", "sessions": [session]}).encode()
    req = urllib.request.Request(f"{api}/events/bench/registrations", body, {"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        assert r.status == 201
    if i % 1000 == 999:
        print(f"  {i + 1}/{n}", flush=True)
with ThreadPoolExecutor(8) as pool:
    list(pool.map(one, range(n)))
PY
hwm() { awk '/VmHWM/ {print $2 " kB"}' "/proc/$pid/status"; }
echo "server peak memory after registering: $(hwm)"
for kind in csv xlsx; do
  seconds="$(curl -sf -H "$auth" "$api/events/bench/attendees.$kind" -o "attendees.$kind" -w '%{time_total}')"
  rows="$(python3 - "$kind" <<'PY'
import csv, sys
if sys.argv[1] == "csv":
    with open("attendees.csv", encoding="utf-8-sig", newline="") as f:
        print(sum(1 for _ in csv.reader(f, delimiter=";")) - 1)
else:
    import openpyxl
    print(openpyxl.load_workbook("attendees.xlsx", read_only=True)["Inscriptions"].max_row - 1)
PY
)"
  printf '%s: %s rows, %s bytes, %s s; server peak memory now %s\n' \
    "$kind" "$rows" "$(stat -c %s "attendees.$kind")" "$seconds" "$(hwm)"
done
