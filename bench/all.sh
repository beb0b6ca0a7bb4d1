#!/usr/bin/env bash
# Every benchmark of Tisser in one run, printed as one table, each figure beside a ceiling
# measured in the same run on the same machine.
#
#   bash bench/all.sh                                              # SQLite
#   bash bench/all.sh postgres://postgres@127.0.0.1:5432/postgres  # PostgreSQL (scratch databases)
#
# Knobs (environment variables):
#   DURATION=20          seconds of each timed load (wrk, pgbench, the SQLite write loop)
#   CONNECTIONS="16 64 256"  connection counts of the sustained registration rows
#   N_READS=10000        registrations held by the event of the read and export rows
#   WRK_TIMEOUT=10s      wrk's per-request timeout (a slower answer counts as an error)
#   DELIVER_DURING=0     1: the e-mail worker delivers (into .eml files) during the timed
#                        registration loads; 0: it is paused there (every message still waits
#                        in the outbox, written in the registration's transaction)
#   TMPDIR               where the scratch servers, SQLite files and raw outputs go
#
# What it does (each measurement on a fresh server and a fresh database, except the reads
# and exports, which share the event holding N_READS registrations):
#   burst        200 registrations sent at the same instant for one 30-seat workshop; the
#                statuses are read back from the registrations list: 30 confirmed, oversell 0;
#   api hot      wrk registering new people through the JSON API into one workshop of one
#                event (capacity 30: a seat or a place in line, the confirmation into the
#                outbox; the e-mail worker paused unless DELIVER_DURING=1: with the demo's
#                .eml files, each message a new file written and flushed on this same disk,
#                delivery takes a third of the machine), at each CONNECTIONS count;
#   api spread   the same over 20 events, each with its own workshop, round-robin per request;
#   form hot     the same as api hot through the public HTML form (CSRF cookie + field,
#                Origin), at 64 connections; success is a 303;
#   GET …        reads at 64 connections on the event holding N_READS registrations: its JSON
#                programme, its .ics, its HTML page, the home page (e-mail delivery paused);
#   export       the attendee list of those registrations as CSV and as XLSX: time, rows read
#                back, and the server's peak resident memory (VmHWM) before → after.
# Ceilings:
#   writes       the bare writes of one registration in one transaction (the event's seat
#                counter updated, a registration, a choice and an outbox row; bench/
#                ceiling_sqlite.py, bench/ceiling_pg.sql) on the same kind of database with
#                the same durability: SQLite from one connection (the server has one writer);
#                PostgreSQL with pgbench at the same client count (at most max_connections - 10)
#                on 1 event (hot) or 20 (spread);
#   reads        GET /healthz at 64 connections on the same server (the HTTP stack alone).
#
# Needs wrk (apt-get install wrk), curl, python3 with openpyxl, and for PostgreSQL psql and
# pgbench. About 20 timed loads of DURATION seconds plus set-up: 5 to 10 minutes at the
# defaults; DURATION=2 CONNECTIONS=16 N_READS=500 is a smoke run of well under a minute.
# Raw outputs (wrk, pgbench, server logs of failures) are kept in a folder it names at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

pg="${1:-}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-16 64 256}"
N_READS="${N_READS:-10000}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"
DELIVER_DURING="${DELIVER_DURING:-0}"
# The registration loads' servers: e-mail delivery paused unless asked for (see above).
if [ "$DELIVER_DURING" != 1 ]; then export TISSER__MAIL__POLL_INTERVAL_MS=3600000; fi
READ_CONNECTIONS=64
FORM_CONNECTIONS=64
SPREAD_EVENTS=20
BURST=200
CAPACITY=30

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "install $tool (apt-get install $tool)" >&2; exit 1; }
done
if [ -n "$pg" ]; then
  for tool in psql pgbench; do
    command -v "$tool" >/dev/null || { echo "install $tool (apt-get install postgresql-client)" >&2; exit 1; }
  done
fi
python3 -c 'import openpyxl' 2>/dev/null || { echo "install openpyxl (pip install openpyxl)" >&2; exit 1; }

. bench/common.sh

out="$(mktemp -d "${TMPDIR:-/tmp}/tisser-bench-results.XXXXXX")"
rows="$out/rows.tsv"
: >"$rows"
ceiling_db=""
ceiling_dir=""
failed=()
cleanup() {
  bench_cleanup
  if [ -n "$ceiling_db" ]; then
    psql "$pg" -qc "DROP DATABASE IF EXISTS $ceiling_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ -n "$ceiling_dir" ]; then rm -rf "$ceiling_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# row WORKLOAD CONNECTIONS RESULT RESULT_NUMBER P50 P99 ERRORS CEILING CEILING_NUMBER
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"
}

calc() { python3 -c "print($1)"; }

# run_wrk NAME CONNECTIONS SCRIPT URL: wrk for DURATION seconds, its output kept in
# $out/NAME.txt; sets w_ok, w_other, w_seconds, w_p50_ms, w_p99_ms, w_connect, w_read,
# w_write, w_timeout, and w_errors (all but the expected answers), w_rate (expected answers/s).
run_wrk() {
  local name="$1" c="$2" script="$3" url="$4" threads=2 line
  [ "$c" -ge 2 ] || threads=1
  if ! wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" --latency -s "$script" "$url" \
    >"$out/$name.txt" 2>"$out/$name.stderr"; then
    echo "wrk failed for $name:" >&2
    cat "$out/$name.txt" "$out/$name.stderr" >&2
    return 1
  fi
  line="$(grep '^tisser-wrk ' "$out/$name.txt")"
  eval "$(sed 's/^tisser-wrk //; s/\([a-z0-9_]*\)=/w_\1=/g' <<<"$line")"
  w_errors=$((w_other + w_connect + w_read + w_write + w_timeout))
  w_rate="$(calc "(lambda r: round(r) if r >= 100 else round(r, 1))($w_ok / $w_seconds)")"
  if [ -s "$out/$name.stderr" ]; then
    echo "    (first unexpected answers in $out/$name.stderr)"
  fi
}

# errors_text: the errors of the last run_wrk, with their kinds.
errors_text() {
  local kinds=()
  [ "$w_other" -eq 0 ] || kinds+=("$w_other $1")
  [ "$w_connect" -eq 0 ] || kinds+=("$w_connect connect")
  [ "$w_read" -eq 0 ] || kinds+=("$w_read read")
  [ "$w_write" -eq 0 ] || kinds+=("$w_write write")
  [ "$w_timeout" -eq 0 ] || kinds+=("$w_timeout timeout")
  if [ "${#kinds[@]}" -eq 0 ]; then echo 0; else (IFS=,; echo "$w_errors (${kinds[*]})" | sed 's/,/, /g'); fi
}

ms() { printf '%s ms' "$1"; }

# readback NAME EXPECTED SLUG…: after a load, the registrations read back from the server must
# number at least EXPECTED (the answers of success; a request cut by the end of the load may
# still have been written) and no workshop may hold more confirmed seats than its capacity.
readback() {
  local name="$1" expected="$2" line
  shift 2
  line="$(python3 bench/readback.py "$base" "$token" "$CAPACITY" "$@")"
  echo "$line" >"$out/$name.readback"
  eval "$(sed 's/^tisser-readback //; s/\([a-z]*\)=/r_\1=/g' <<<"$line")"
  echo "  read back: $r_listed registrations ($r_confirmed confirmed, $r_waitlisted waitlisted), oversell $r_oversell"
  [ "$r_oversell" -eq 0 ] || failed+=("$name: oversell $r_oversell")
  [ "$r_listed" -ge "$expected" ] || failed+=("$name: $r_listed registrations read back, $expected answered")
}

# ---- the machine, the build, the backend -------------------------------------------------
echo "== Tisser benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_build
echo "commit:     $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
echo "machine:    $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, Linux $(uname -r)"
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min averages at the start)"
echo "settings:   DURATION=$DURATION CONNECTIONS=\"$CONNECTIONS\" N_READS=$N_READS WRK_TIMEOUT=$WRK_TIMEOUT DELIVER_DURING=$DELIVER_DURING"
scratch_fs="$(stat -f -c %T "${TMPDIR:-/tmp}")"
if [ -n "$pg" ]; then
  q() { psql "$pg" -Atc "$1"; }
  echo "backend:    PostgreSQL $(q 'SHOW server_version') at $(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(f"{p.hostname}:{p.port or 5432}")' "$pg") (a fresh scratch database per measurement)"
  echo "durability: synchronous_commit=$(q 'SHOW synchronous_commit'), fsync=$(q 'SHOW fsync'), full_page_writes=$(q 'SHOW full_page_writes'), wal_sync_method=$(q 'SHOW wal_sync_method')"
  max_connections="$(q 'SHOW max_connections')"
  echo "            max_connections=$max_connections; the server's pool holds at most 16 connections"
else
  sqlite_version="$(strings "$bin" 2>/dev/null | grep -m1 -xE '3\.[0-9]{2}\.[0-9]+' || true)"
  echo "backend:    SQLite ${sqlite_version:-(version unknown)} (built into the server), scratch files under ${TMPDIR:-/tmp} ($scratch_fs), one writing connection in the server"
  echo "durability: WAL + synchronous=FULL, set by the server itself on every connection (crates/persistence/src/lib.rs)"
  if [ "$scratch_fs" = tmpfs ]; then
    echo "            WARNING: ${TMPDIR:-/tmp} is a tmpfs: fsync costs nothing there; set TMPDIR to a disk"
  fi
fi
echo "raw output: $out"
echo

# ---- write ceilings -----------------------------------------------------------------------
declare -A ceiling_cache=()
ceiling_pg_ready=""

pg_ceiling_setup() {
  [ -z "$ceiling_pg_ready" ] || return 0
  ceiling_db="tisser_ceiling_$$"
  psql "$pg" -qc "CREATE DATABASE $ceiling_db" >/dev/null
  psql "${pg%/*}/$ceiling_db" -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE seats (id integer PRIMARY KEY, capacity integer NOT NULL, taken integer NOT NULL,
                    waiting integer NOT NULL);
CREATE TABLE registrations (id uuid PRIMARY KEY, event_id integer NOT NULL, email text NOT NULL,
                            first_name text NOT NULL, last_name text NOT NULL, status text NOT NULL,
                            created_at timestamptz NOT NULL, UNIQUE (event_id, email));
CREATE TABLE choices (registration_id uuid NOT NULL REFERENCES registrations, session_id integer NOT NULL,
                      status text NOT NULL, position integer, PRIMARY KEY (registration_id, session_id));
CREATE TABLE outbox (id uuid PRIMARY KEY, registration_id uuid NOT NULL, kind text NOT NULL,
                     payload text NOT NULL, due_at timestamptz NOT NULL);
SQL
  ceiling_pg_ready=1
}

# write_ceiling EVENTS CONNECTIONS: sets c_text and c_num (commits/s), measured once per
# (events, connections) on PostgreSQL, once in all on SQLite (one connection).
write_ceiling() {
  local events="$1" c="$2" key clients line
  if [ -z "$pg" ]; then key=sqlite; else key="$events/$c"; fi
  if [ -z "${ceiling_cache[$key]:-}" ]; then
    if [ -z "$pg" ]; then
      echo "  ceiling: bare SQLite writes, 1 connection, ${DURATION} s…"
      ceiling_dir="$(mktemp -d "${TMPDIR:-/tmp}/tisser-bench-ceiling.XXXXXX")"
      python3 bench/ceiling_sqlite.py "$ceiling_dir/ceiling.db" "$DURATION" >"$out/ceiling-sqlite.txt"
      rm -rf "$ceiling_dir"
      ceiling_dir=""
      line="$(grep '^tisser-ceiling ' "$out/ceiling-sqlite.txt")"
      eval "$(sed 's/^tisser-ceiling //; s/\([a-z]*\)=/cl_\1=/g' <<<"$line")"
      ceiling_cache[$key]="$(calc "round($cl_commits / $cl_seconds, 1)")|commits/s, 1 conn"
    else
      pg_ceiling_setup
      clients=$((c < max_connections - 10 ? c : max_connections - 10))
      echo "  ceiling: bare PostgreSQL writes, pgbench -c $clients, $events event(s), ${DURATION} s…"
      psql "${pg%/*}/$ceiling_db" -qc "TRUNCATE seats, registrations, choices, outbox;
        INSERT INTO seats SELECT g, $CAPACITY, 0, 0 FROM generate_series(1, $events) g;" >/dev/null
      pgbench -n -M prepared -f bench/ceiling_pg.sql -D events="$events" -c "$clients" -j 2 -T "$DURATION" \
        "${pg%/*}/$ceiling_db" >"$out/ceiling-pg-e$events-c$c.txt" 2>&1 ||
        { cat "$out/ceiling-pg-e$events-c$c.txt" >&2; return 1; }
      line="$(grep '^tps = ' "$out/ceiling-pg-e$events-c$c.txt" | awk '{print $3}')"
      ceiling_cache[$key]="$(calc "round($line, 1)")|tps, pgbench -c $clients"
    fi
  fi
  c_num="${ceiling_cache[$key]%%|*}"
  c_text="$(printf '%.0f %s' "$c_num" "${ceiling_cache[$key]#*|}")"
}

# ---- 1. burst -----------------------------------------------------------------------------
echo "== burst: $BURST registrations at once for one $CAPACITY-seat workshop"
bench_start "$pg"
if [ -z "$pg" ]; then
  echo "  (journal mode of the server's file, read back: $(sqlite3 "${dburl#sqlite://}" 'PRAGMA journal_mode' 2>/dev/null || echo '?'))"
fi
s="$(bench_event burst "$CAPACITY")"
python3 bench/burst.py "$base" burst "$s" "$BURST" "$CAPACITY" "$token" >"$out/burst.txt" 2>"$out/burst.stderr" ||
  { cat "$out/burst.txt" "$out/burst.stderr" >&2; exit 1; }
line="$(grep '^tisser-burst ' "$out/burst.txt")"
eval "$(sed 's/^tisser-burst //; s/\([a-z_]*\)=/b_\1=/g' <<<"$line")"
echo "  $line"
bench_stop
[ "$b_confirmed" -eq "$CAPACITY" ] || failed+=("burst: $b_confirmed confirmed, not $CAPACITY")
[ "$b_oversell" -eq 0 ] || failed+=("burst: oversell $b_oversell")
[ "$b_other" -eq 0 ] || failed+=("burst: $b_other answers were not 201")
row "burst, $CAPACITY seats" "$BURST at once" \
  "${b_wall_ms} ms wall: ${b_confirmed} confirmed, ${b_waitlisted} waitlisted, oversell ${b_oversell}" "" \
  "—" "—" "$b_other" "—" ""

# ---- 2. sustained registrations -----------------------------------------------------------
register_row() { # WORKLOAD CONNECTIONS CEILING_EVENTS NAME
  write_ceiling "$3" "$2"
  row "$1" "$2" "$w_rate reg/s" "$w_rate" "$(ms "$w_p50_ms")" "$(ms "$w_p99_ms")" "$(errors_text non-201)" \
    "$c_text" "$c_num"
  echo "  $w_rate reg/s, p50 $w_p50_ms ms, p99 $w_p99_ms ms, errors $(errors_text non-201) (ceiling $c_text)"
}

unset TISSER_EVENTS TISSER_SLUG TISSER_SESSION TISSER_FORM TISSER_CSRF TISSER_ORIGIN
for c in $CONNECTIONS; do
  echo "== registrations (API), hot: one workshop, $c connections, ${DURATION} s"
  write_ceiling 1 "$c"
  bench_start "$pg"
  export TISSER_SLUG=hot TISSER_SESSION
  TISSER_SESSION="$(bench_event hot "$CAPACITY")"
  run_wrk "api-hot-c$c" "$c" bench/register.lua "$base"
  unset TISSER_SLUG TISSER_SESSION
  readback "api-hot-c$c" "$w_ok" hot
  bench_stop
  register_row "registrations, API, hot (1 event)" "$c" 1

  echo "== registrations (API), spread: $SPREAD_EVENTS events, $c connections, ${DURATION} s"
  write_ceiling "$SPREAD_EVENTS" "$c"
  bench_start "$pg"
  TISSER_EVENTS=""
  for i in $(seq 1 "$SPREAD_EVENTS"); do
    TISSER_EVENTS+="spread-$i=$(bench_event "spread-$i" "$CAPACITY") "
  done
  export TISSER_EVENTS
  run_wrk "api-spread-c$c" "$c" bench/register.lua "$base"
  unset TISSER_EVENTS
  readback "api-spread-c$c" "$w_ok" $(seq -f 'spread-%.0f' 1 "$SPREAD_EVENTS")
  bench_stop
  register_row "registrations, API, spread ($SPREAD_EVENTS events)" "$c" "$SPREAD_EVENTS"
done

# ---- 3. the HTML form ---------------------------------------------------------------------
c="$FORM_CONNECTIONS"
echo "== registrations (HTML form), hot: one workshop, $c connections, ${DURATION} s"
write_ceiling 1 "$c"
bench_start "$pg"
s="$(bench_event form "$CAPACITY")"
curl -sf -D "$out/form-get.headers" -o "$out/form-get.html" "$base/events/form/register"
TISSER_CSRF="$(sed -n 's/^[Ss]et-[Cc]ookie: tisser_csrf=\([0-9a-f]*\);.*/\1/p' "$out/form-get.headers")"
field="$(grep -o 'name="csrf_token"[^>]*value="[0-9a-f]*"\|value="[0-9a-f]*"[^>]*name="csrf_token"' "$out/form-get.html" |
  grep -o 'value="[0-9a-f]*"' | cut -d'"' -f2)"
[ -n "$TISSER_CSRF" ] && [ "$TISSER_CSRF" = "$field" ] ||
  { echo "no CSRF cookie and field pair on $base/events/form/register" >&2; exit 1; }
# One form by hand first: it must be taken (303), else the load would only measure refusals.
status="$(curl -s -o "$out/form-check.html" -w '%{http_code}' -X POST "$base/events/form/register" \
  -H "Cookie: tisser_csrf=$TISSER_CSRF" -H "Origin: $base" \
  --data-urlencode "csrf_token=$TISSER_CSRF" --data-urlencode "email=form-check@example.org" \
  --data-urlencode "first_name=Léa" --data-urlencode "last_name=Martin" --data-urlencode "slot-0=$s")"
[ "$status" = 303 ] || { echo "the form answered $status, not 303 (page in $out/form-check.html)" >&2; exit 1; }
export TISSER_FORM=1 TISSER_CSRF TISSER_ORIGIN="$base" TISSER_SLUG=form TISSER_SESSION="$s"
run_wrk "form-hot-c$c" "$c" bench/register.lua "$base"
unset TISSER_FORM TISSER_CSRF TISSER_ORIGIN TISSER_SLUG TISSER_SESSION
readback "form-hot-c$c" "$((w_ok + 1))" form
bench_stop
write_ceiling 1 "$c"
row "registrations, HTML form, hot" "$c" "$w_rate reg/s" "$w_rate" "$(ms "$w_p50_ms")" "$(ms "$w_p99_ms")" \
  "$(errors_text non-303)" "$c_text" "$c_num"
echo "  $w_rate reg/s, p50 $w_p50_ms ms, p99 $w_p99_ms ms, errors $(errors_text non-303) (ceiling $c_text)"

# ---- 4. reads on an event holding N_READS registrations, then 5. its exports ------------------
c="$READ_CONNECTIONS"
echo "== reads: an event holding $N_READS registrations (e-mail delivery paused), $c connections, ${DURATION} s each"
export TISSER__MAIL__POLL_INTERVAL_MS=3600000
bench_start "$pg"
unset TISSER__MAIL__POLL_INTERVAL_MS
s="$(bench_event reads "$CAPACITY")"
python3 bench/fill.py "$base" reads "$s" "$N_READS"
echo "  ceiling: GET /healthz…"
run_wrk "get-healthz" "$c" bench/get.lua "$base/healthz"
h_rate="$w_rate"
row "GET /healthz (the read ceiling)" "$c" "$w_rate req/s" "$w_rate" "$(ms "$w_p50_ms")" "$(ms "$w_p99_ms")" \
  "$(errors_text non-200)" "—" ""
echo "  $w_rate req/s, p99 $w_p99_ms ms"
for path in /api/v1/events/reads /api/v1/events/reads/calendar.ics /events/reads /; do
  name="get$(tr '/.' '--' <<<"$path")"
  [ "$path" != / ] || name=get-home
  case "$path" in
    /api/v1/events/reads) what="GET programme, JSON" ;;
    *.ics) what="GET calendar, .ics" ;;
    /events/reads) what="GET event page, HTML" ;;
    /) what="GET home page, HTML" ;;
  esac
  run_wrk "$name" "$c" bench/get.lua "$base$path"
  row "$what: $path" "$c" "$w_rate req/s" "$w_rate" "$(ms "$w_p50_ms")" "$(ms "$w_p99_ms")" \
    "$(errors_text non-200)" "$(printf '%.0f req/s /healthz' "$h_rate")" "$h_rate"
  echo "  $path: $w_rate req/s, p50 $w_p50_ms ms, p99 $w_p99_ms ms, errors $(errors_text non-200)"
done

echo "== export of the $N_READS registrations"
hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
for kind in csv xlsx; do
  before="$(hwm)"
  seconds="$(curl -sf -H "$auth" "$api/events/reads/attendees.$kind" -o "$out/attendees.$kind" -w '%{time_total}')"
  after="$(hwm)"
  rows_back="$(python3 - "$out/attendees.$kind" "$kind" <<'PY'
import csv, sys
path, kind = sys.argv[1], sys.argv[2]
if kind == "csv":
    with open(path, encoding="utf-8-sig", newline="") as f:
        print(sum(1 for _ in csv.reader(f, delimiter=";")) - 1)
else:
    import openpyxl
    print(openpyxl.load_workbook(path, read_only=True)["Inscriptions"].max_row - 1)
PY
)"
  size="$(stat -c %s "$out/attendees.$kind")"
  rm -f "$out/attendees.$kind"
  errs=0
  [ "$rows_back" -eq "$N_READS" ] || { errs=1; failed+=("export $kind: $rows_back rows, not $N_READS"); }
  row "export $kind ($N_READS registrations)" "1" \
    "$(printf '%.0f ms, %s rows, %s kB; server peak RSS %s → %s MiB' "$(calc "$seconds * 1000")" "$rows_back" "$((size / 1024))" "$before" "$after")" \
    "" "—" "—" "$errs" "—" ""
  echo "  $kind: $seconds s, $rows_back rows, $size bytes, server peak memory $before → $after MiB"
done
bench_stop

# ---- the table ------------------------------------------------------------------------------
echo
echo "== Tisser benchmarks: $([ -n "$pg" ] && echo "PostgreSQL $(psql "$pg" -Atc 'SHOW server_version')" || echo SQLite), DURATION=$DURATION s, $(nproc) CPUs"
python3 bench/table.py "$rows" | tee "$out/table.md"
echo
echo "ratio = result / ceiling. Write ceilings: the bare writes of one registration per transaction,"
if [ -n "$pg" ]; then
  echo "pgbench at the row's client count (at most max_connections - 10; the server itself uses at most 16)."
else
  echo "from one connection, like the server's single writer."
fi
echo "Read ceiling: GET /healthz on the same server. Raw outputs (wrk, pgbench, the table) kept in $out"
if [ "$DELIVER_DURING" = 1 ]; then
  echo "E-mails: delivered into .eml files by the server's worker during the registration loads."
else
  echo "E-mails: every confirmation written to the outbox in its registration's transaction; the"
  echo "worker paused during the registration loads (DELIVER_DURING=1 to deliver meanwhile)."
fi
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'CHECK FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
