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
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
bin="$PWD/target/release/tisser"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
export TISSER__LOG__FILTER=warn TISSER__SERVER__ADDR=127.0.0.1:18099
if [ -n "${1:-}" ]; then
  db="tisser_bench_$$"
  psql "$1" -qc "CREATE DATABASE $db" >/dev/null
  export TISSER__DATABASE__URL="${1%/*}/$db"
  trap 'cd /; kill "${pid:-}" 2>/dev/null || true; sleep 0.5; psql "$1" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$work"' EXIT
fi
token="$("$bin" organizer add --email bench@example.org --name Bench --role admin | tail -n 1)"
"$bin" serve >serve.log 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18099/healthz >/dev/null && break; sleep 0.2; done
api=http://127.0.0.1:18099/api/v1
auth="Authorization: Bearer $token"
curl -sf -X POST "$api/events" -H "$auth" -H 'content-type: application/json' \
  -d '{"slug":"bench","title":"Bench","format":"in_person","status":"published"}' >/dev/null
session="$(curl -sf -X POST "$api/events/bench/sessions" -H "$auth" -H 'content-type: application/json' \
  -d '{"title":"Atelier A","kind":"workshop","capacity":29,"starts_at":"2031-04-23T10:45:00+02:00","ends_at":"2031-04-23T12:30:00+02:00"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
TISSER_SLUG=bench TISSER_SESSION="$session" wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-20}s" --latency \
  -s "$OLDPWD/bench/register.lua" http://127.0.0.1:18099
curl -sf "$api/events/bench" | python3 -c 'import json,sys; s=json.load(sys.stdin)["sessions"][0]; print("seats left:", s["seats_left"], "waiting:", s["waitlist_length"])'
