# Functions shared by the benchmarks. Sourced, not run; the caller is at the repository root.
#
#   bench_build                    cargo build --release (once); sets bin. TISSER_BIN=path
#                                  uses that binary instead, unbuilt (before/after comparisons
#                                  of two commits' binaries on the same machine)
#   bench_start [postgres-url]     a fresh scratch database (a SQLite file, or a new database on
#                                  the PostgreSQL server named) and `tisser serve` on a free port,
#                                  with an admin token; sets pid, base, api, token, auth, sdir,
#                                  dburl.
#                                  Extra TISSER__… variables in the caller's environment apply.
#   bench_event SLUG CAPACITY      a published event with one workshop of CAPACITY seats;
#                                  prints the workshop's id
#   bench_stop                     stops the server, drops its database, removes its folder
#   bench_cleanup                  bench_stop for every server still there (for a trap)
#
# Several servers can be started one after the other, each on its own database.

command -v curl >/dev/null || { echo "install curl" >&2; exit 1; }
command -v python3 >/dev/null || { echo "install python3" >&2; exit 1; }

BENCH_PIDS=()
BENCH_DBS=()
BENCH_DIRS=()
BENCH_PG=""

# Every request comes from one address: the rate limits out of the way.
export TISSER__LOG__FILTER=warn TISSER__RATE_LIMIT__REGISTRATIONS_PER_MINUTE=100000000 \
  TISSER__RATE_LIMIT__LINKS_PER_MINUTE=100000000 TISSER__RATE_LIMIT__BURST=100000000

bench_build() {
  if [ -n "${TISSER_BIN:-}" ]; then
    bin="$(cd "$(dirname "$TISSER_BIN")" && pwd)/$(basename "$TISSER_BIN")"
    [ -x "$bin" ] || { echo "no binary at $bin" >&2; return 1; }
    return 0
  fi
  cargo build --release --quiet -p tisser
  bin="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/tisser"
  [ -x "$bin" ] || { echo "no binary at $bin" >&2; return 1; }
}

bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bench_start() {
  local pg="${1:-}" port db i n="${#BENCH_DIRS[@]}"
  sdir="$(mktemp -d "${TMPDIR:-/tmp}/tisser-bench-server.XXXXXX")"
  BENCH_DIRS[n]="$sdir"
  if [ -n "$pg" ]; then
    BENCH_PG="$pg"
    db="tisser_bench_$$_$n"
    BENCH_DBS[n]="$db"
    psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
    dburl="${pg%/*}/$db"
  else
    dburl="sqlite://$sdir/data/tisser.db"
  fi
  port="$(bench_free_port)"
  base="http://127.0.0.1:$port"
  api="$base/api/v1"
  export TISSER__DATABASE__URL="$dburl" TISSER__SERVER__ADDR="127.0.0.1:$port" TISSER__SERVER__PUBLIC_URL="$base"
  token="$(cd "$sdir" && "$bin" organizer add --email bench@example.org --name Bench --role admin | tail -n 1)"
  auth="Authorization: Bearer $token"
  (cd "$sdir" && exec "$bin" serve >serve.log 2>&1) &
  pid=$!
  BENCH_PIDS[n]="$pid"
  for i in $(seq 1 100); do
    curl -sf "$base/healthz" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start; its log:" >&2
  cat "$sdir/serve.log" >&2
  return 1
}

bench_event() {
  local slug="$1" capacity="$2"
  curl -sf -X POST "$api/events" -H "$auth" -H 'content-type: application/json' \
    -d "{\"slug\":\"$slug\",\"title\":\"Bench $slug\",\"format\":\"in_person\",\"status\":\"published\"}" >/dev/null
  curl -sf -X POST "$api/events/$slug/sessions" -H "$auth" -H 'content-type: application/json' \
    -d "{\"title\":\"Atelier A\",\"kind\":\"workshop\",\"capacity\":$capacity,\"starts_at\":\"2031-04-23T10:45:00+02:00\",\"ends_at\":\"2031-04-23T12:30:00+02:00\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# Whether a process runs (a zombie does not).
bench_alive() {
  kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# Stops one server (by its id), drops its database and removes its folder.
bench_stop_one() {
  local i="$1"
  if [ -n "${BENCH_PIDS[$i]:-}" ]; then
    local p="${BENCH_PIDS[$i]}" _
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 250); do bench_alive "$p" || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
    BENCH_PIDS[i]=""
  fi
  if [ -n "${BENCH_DBS[$i]:-}" ]; then
    psql "$BENCH_PG" -qc "DROP DATABASE IF EXISTS ${BENCH_DBS[$i]} WITH (FORCE)" >/dev/null 2>&1 || true
    BENCH_DBS[i]=""
  fi
  if [ -n "${BENCH_DIRS[$i]:-}" ]; then
    rm -rf "${BENCH_DIRS[$i]}"
    BENCH_DIRS[i]=""
  fi
}

# The last server started.
bench_stop() {
  bench_stop_one $((${#BENCH_DIRS[@]} - 1))
}

bench_cleanup() {
  local i
  for i in "${!BENCH_DIRS[@]}"; do bench_stop_one "$i"; done
}
