#!/usr/bin/env bash
# Counts the SQL statements one registration sends to PostgreSQL (BEGIN and COMMIT included):
# a count that does not depend on the machine's load, unlike a rate. Uses `log_statement =
# 'all'` on a scratch database and reads the server's log.
#
#   bash bench/statements.sh [postgres-url] [tisser-binary]
#
# Needs a local PostgreSQL whose log is /var/log/postgresql/postgresql-*-main.log (Debian),
# curl and Python 3. Builds the debug binary unless one is given.
set -euo pipefail
cd "$(dirname "$0")/.."
pg="${1:-postgres://postgres@127.0.0.1:5432/postgres}"
bin="${2:-}"
if [ -z "$bin" ]; then cargo build --quiet -p tisser; bin="$PWD/target/debug/tisser"; fi
log="$(ls /var/log/postgresql/postgresql-*-main.log | head -n 1)"
db="tisser_statements_$$"
psql "$pg" -qc "CREATE DATABASE $db"
psql "$pg" -qc "ALTER DATABASE $db SET log_statement = 'all'"
work="$(mktemp -d)"
cd "$work"
export TISSER__DATABASE__URL="${pg%/*}/$db" TISSER__SERVER__ADDR=127.0.0.1:18777 TISSER__LOG__FILTER=warn
export TISSER__MAIL__POLL_INTERVAL_MS=3600000
token="$("$bin" organizer add --email count@example.org --name Count --role admin | tail -n 1)"
"$bin" serve >serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; sleep 0.5; psql "$pg" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18777/healthz >/dev/null && break; sleep 0.2; done
api=http://127.0.0.1:18777/api/v1
auth="Authorization: Bearer $token"
curl -sf -X POST "$api/events" -H "$auth" -H 'content-type: application/json' \
  -d '{"slug":"count","title":"Count","format":"in_person","status":"published"}' >/dev/null
session="$(curl -sf -X POST "$api/events/count/sessions" -H "$auth" -H 'content-type: application/json' \
  -d '{"title":"Atelier A","kind":"workshop","capacity":1,"starts_at":"2031-04-23T10:45:00+02:00","ends_at":"2031-04-23T12:30:00+02:00"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
sleep 1
for who in seat line; do
  before="$(wc -l <"$log")"
  curl -sf -o /dev/null -X POST "$api/events/count/registrations" -H 'content-type: application/json' \
    -d "{\"email\":\"$who@example.org\",\"first_name\":\"Léa\",\"last_name\":\"Martin\",\"sessions\":[\"$session\"]}"
  sleep 0.5
  n="$(tail -n +"$((before + 1))" "$log" | grep -c "$db.*LOG:  \(statement\|execute\)" || true)"
  case $who in
    seat) echo "a registration that takes a seat: $n statements" ;;
    line) echo "a registration that takes a place in line: $n statements" ;;
  esac
done
