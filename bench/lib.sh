# Shared by the benchmarks: builds the release binary, starts `tisser serve` on a scratch
# database (SQLite, or a fresh database on the PostgreSQL server named by $1), and creates an
# admin token and a published event `bench` with one 29-seat workshop.
# Sets: bin, work, api, auth, pid, session. Sourced, not run.
command -v curl >/dev/null || { echo "install curl" >&2; exit 1; }
cargo build --release --quiet
bin="$PWD/target/release/tisser"
root="$PWD"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
export TISSER__LOG__FILTER=warn TISSER__SERVER__ADDR=127.0.0.1:18099
# Every request comes from one address: the rate limits out of the way.
export TISSER__RATE_LIMIT__REGISTRATIONS_PER_MINUTE=100000000 TISSER__RATE_LIMIT__LINKS_PER_MINUTE=100000000 \
  TISSER__RATE_LIMIT__BURST=100000000
if [ -n "${1:-}" ]; then
  db="tisser_bench_$$"
  pg="$1"
  psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
  export TISSER__DATABASE__URL="${pg%/*}/$db"
  trap 'cd /; kill "${pid:-}" 2>/dev/null || true; sleep 0.5; psql "$pg" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$work"' EXIT
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
