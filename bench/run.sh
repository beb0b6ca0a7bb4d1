#!/usr/bin/env bash
# Benchmark: registrations per second into one 29-seat workshop (the hot path: lock the
# event, take a seat or a place in line, write the notice into the outbox, commit).
#
#   bash bench/run.sh                 # SQLite (the default file database)
#   bash bench/run.sh postgres://postgres@127.0.0.1:5432/postgres   # PostgreSQL
#
# Needs `wrk` (Debian: apt-get install wrk). Builds the release binary, starts it on a
# scratch database with e-mails written to .eml files, loads it for DURATION seconds
# (default 20) with CONNECTIONS connections (default 16), and prints wrk's report.
# EVENTS=20 spreads the load over 20 events (each with its own 29-seat workshop, round-robin
# per request), as bench/all.sh's "spread" rows do. FORM=1 posts the public HTML form instead
# of the JSON API (its CSRF cookie and field read from the form page first; success is a 303).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
. bench/lib.sh "${1:-}"
if [ "${EVENTS:-1}" -gt 1 ]; then
  TISSER_EVENTS="bench=$session "
  for i in $(seq 2 "$EVENTS"); do TISSER_EVENTS+="spread-$i=$(bench_event "spread-$i" 29) "; done
  export TISSER_EVENTS
fi
if [ "${FORM:-0}" = 1 ]; then
  curl -sf -D form.headers -o form.html "$base/events/bench/register"
  TISSER_CSRF="$(sed -n 's/^[Ss]et-[Cc]ookie: tisser_csrf=\([0-9a-f]*\);.*/\1/p' form.headers)"
  [ -n "$TISSER_CSRF" ] || { echo "no CSRF cookie on $base/events/bench/register" >&2; exit 1; }
  export TISSER_FORM=1 TISSER_CSRF TISSER_ORIGIN="$base"
fi
TISSER_SLUG=bench TISSER_SESSION="$session" wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-20}s" --latency \
  -s "$root/bench/register.lua" "$base"
curl -sf "$api/events/bench" | python3 -c 'import json,sys; s=json.load(sys.stdin)["sessions"][0]; print("seats left:", s["seats_left"], "waiting:", s["waitlist_length"])'
