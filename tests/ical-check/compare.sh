#!/usr/bin/env bash
# Cross-check of iCalendar files: reads them with Mozilla's ical.js (check.mjs) and Python's
# icalendar (check.py) and fails unless both parse every file and agree on every event's UID,
# start and end instants, METHOD and STATUS. A file NAME.ics may have a sidecar NAME.expected
# whose lines are `uid start end` (ISO 8601 UTC, e.g. 2026-03-29T08:00:00Z): then each parser
# must find exactly those events at exactly those instants.
#
# Usage: bash tests/ical-check/compare.sh FILE.ics...
# Installs what it needs when missing: ical.js with `npm ci` in this folder, Python's icalendar
# in this folder's .venv (set ICAL_CHECK_PYTHON to use another interpreter that has it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$#" -eq 0 ]; then
    echo "usage: bash $0 FILE.ics..." >&2
    exit 2
fi

# --- tools -------------------------------------------------------------------------------
js_pin="$(sed -n 's/.*"ical\.js": *"\([^"]*\)".*/\1/p' "$here/package.json")"
js_have="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$here/node_modules/ical.js/package.json" 2>/dev/null | head -n 1 || true)"
if [ "$js_have" != "$js_pin" ]; then
    echo "compare.sh: installing ical.js $js_pin" >&2
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

py_pin="$(sed -n 's/^icalendar==\(.*\)$/\1/p' "$here/requirements.txt")"
python="${ICAL_CHECK_PYTHON:-$here/.venv/bin/python}"
py_have="$("$python" -c 'import icalendar; print(icalendar.__version__)' 2>/dev/null || true)"
if [ "$py_have" != "$py_pin" ]; then
    if [ -n "${ICAL_CHECK_PYTHON:-}" ]; then
        echo "compare.sh: $python has icalendar '${py_have:-none}', $py_pin is pinned" >&2
        exit 1
    fi
    echo "compare.sh: installing icalendar $py_pin in $here/.venv" >&2
    python3 -m venv "$here/.venv" >&2
    "$here/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
fi

# --- run both parsers ---------------------------------------------------------------------
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
if ! node "$here/check.mjs" "$@" >"$work/js.jsonl" 2>"$work/js.err"; then
    echo "FAIL: ical.js could not read every file:" >&2
    cat "$work/js.err" >&2
    status=1
fi
if ! "$python" "$here/check.py" "$@" >"$work/py.jsonl" 2>"$work/py.err"; then
    echo "FAIL: python icalendar could not read every file:" >&2
    cat "$work/py.err" >&2
    status=1
fi
[ "$status" -eq 0 ] || exit 1

LC_ALL=C sort "$work/js.jsonl" >"$work/js.sorted"
LC_ALL=C sort "$work/py.jsonl" >"$work/py.sorted"
if ! diff -u --label ical.js --label python-icalendar "$work/js.sorted" "$work/py.sorted" >"$work/diff"; then
    echo "FAIL: ical.js and python icalendar disagree:" >&2
    cat "$work/diff" >&2
    exit 1
fi

# --- expected instants --------------------------------------------------------------------
"$python" - "$work/js.sorted" "$work/py.sorted" "$@" <<'PY'
import json, os, sys

js_path, py_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]

def norm(iso):  # 2026-03-29T08:00:00.000Z and 2026-03-29T08:00:00Z are the same instant
    return iso[:-5] + "Z" if iso.endswith(".000Z") else iso

def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]

failed = False
checked = 0
for parser, events in (("ical.js", load(js_path)), ("python icalendar", load(py_path))):
    for file in files:
        sidecar = os.path.splitext(file)[0] + ".expected"
        if not os.path.exists(sidecar):
            continue
        with open(sidecar, encoding="utf-8") as f:
            expected = sorted(
                tuple(norm(x) if i else x for i, x in enumerate(line.split()))
                for line in f
                if line.strip() and not line.startswith("#")
            )
        got = sorted(
            (e["uid"], norm(e["start"]), norm(e["end"])) for e in events if e["file"] == file
        )
        if got != expected:
            failed = True
            print(f"FAIL: {parser} on {file} differs from {sidecar}:", file=sys.stderr)
            for line in sorted(set(expected) - set(got)):
                print(f"  expected, not found: {' '.join(line)}", file=sys.stderr)
            for line in sorted(set(got) - set(expected)):
                print(f"  found, not expected: {' '.join(line)}", file=sys.stderr)
        else:
            checked += len(expected)
if failed:
    sys.exit(1)
print(f"expected instants: {checked // 2} events checked against .expected files, by both parsers")
PY

files=$#
events="$(wc -l <"$work/js.sorted")"
cat "$work/js.sorted"
echo "ical-check: $files files, $events events: ical.js and python icalendar agree"
