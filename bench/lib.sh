# Shared by bench/run.sh and bench/export.sh: builds the release binary, starts `tisser serve`
# on a scratch database (SQLite, or a fresh database on the PostgreSQL server named by $1), and
# creates an admin token and a published event `bench` with one 29-seat workshop.
# Sets: bin, root, work, base, api, auth, pid, session; the current folder is then $work.
# Sourced, not run. bench/all.sh uses bench/common.sh directly (one server after another).
root="$PWD"
. "$root/bench/common.sh"
bench_build
work="$(mktemp -d)"
trap 'cd /; bench_cleanup; rm -rf "$work"' EXIT
bench_start "${1:-}"
cd "$work"
session="$(bench_event bench 29)"
