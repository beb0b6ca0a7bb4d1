"""Reads .ics files with Python's `icalendar` package and prints one JSON line per VEVENT:
{"file","uid","start","end","method","status"}, instants as ISO 8601 UTC in the format of
JavaScript's Date.toISOString() (2024-04-23T08:45:00.000Z), so the output compares as text with
check.mjs.

Usage: python3 check.py FILE.ics...
Exits 1 if a file cannot be read or parsed (including the errors icalendar only records on the
components), or if an event's time is floating (naive) or a date without a time.
"""

import datetime as dt
import json
import sys

import icalendar


def instant(value, what, uid):
    if value is None:
        raise ValueError(f"{uid}: no {what}")
    if not isinstance(value, dt.datetime):
        raise ValueError(f"{uid}: {what} is a DATE, not a DATE-TIME")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{uid}: {what} {value} is floating")
    utc = value.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def text(value):
    return None if value is None else str(value)


def events(path):
    with open(path, "rb") as f:
        calendars = icalendar.Calendar.from_ical(f.read(), multiple=True)
    if not calendars:
        raise ValueError("no VCALENDAR")
    for calendar in calendars:
        if calendar.name != "VCALENDAR":
            raise ValueError(f"root component is {calendar.name}")
        for component in calendar.walk():
            if component.errors:
                raise ValueError(f"{component.name}: {component.errors}")
        method = text(calendar.get("METHOD"))
        for event in calendar.walk("VEVENT"):
            uid = text(event.get("UID"))
            yield {
                "file": path,
                "uid": uid,
                "start": instant(event.start, "DTSTART", uid),
                "end": instant(event.end, "DTEND", uid),
                "method": method,
                "status": text(event.get("STATUS")),
            }


def main(paths):
    if not paths:
        print("usage: python3 check.py FILE.ics...", file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        try:
            lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in events(path)]
        except Exception as err:  # noqa: BLE001 -- any failure to read a file is reported
            print(f"python icalendar: {path}: {err}", file=sys.stderr)
            failed = True
            continue
        for line in lines:
            print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
