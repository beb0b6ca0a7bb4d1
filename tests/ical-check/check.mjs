// Reads .ics files with Mozilla's ical.js (the parser of Thunderbird) and prints one JSON line
// per VEVENT: {"file","uid","start","end","method","status"}, instants as ISO 8601 UTC.
//
// Usage: node check.mjs FILE.ics...
// Exits 1 if a file cannot be read or parsed, or if an event's time is floating (a local time
// without a known zone: ical.js then uses the zone of the machine, i.e. the wrong instant).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(time, what, uid) {
  if (!time) throw new Error(`${uid}: no ${what}`);
  if (time.isDate) throw new Error(`${uid}: ${what} is a DATE, not a DATE-TIME`);
  if (time.zone === ICAL.Timezone.localTimezone || !time.zone) {
    throw new Error(`${uid}: ${what} ${time.toString()} is floating (TZID without VTIMEZONE?)`);
  }
  return time.toJSDate().toISOString();
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs FILE.ics...");
  process.exit(2);
}

let failed = false;
for (const file of files) {
  try {
    const parsed = ICAL.parse(readFileSync(file, "utf8"));
    // One VCALENDAR gives one jCal array; several give an array of them.
    const calendars = Array.isArray(parsed[0]) ? parsed : [parsed];
    for (const jcal of calendars) {
      const calendar = new ICAL.Component(jcal);
      if (calendar.name !== "vcalendar") throw new Error(`root component is ${calendar.name}`);
      const method = calendar.getFirstPropertyValue("method") ?? null;
      for (const vevent of calendar.getAllSubcomponents("vevent")) {
        const event = new ICAL.Event(vevent);
        const uid = event.uid ?? null;
        console.log(
          JSON.stringify({
            file,
            uid,
            start: instant(event.startDate, "DTSTART", uid),
            end: instant(event.endDate, "DTEND", uid),
            method,
            status: vevent.getFirstPropertyValue("status") ?? null,
          }),
        );
      }
    }
  } catch (err) {
    console.error(`ical.js: ${file}: ${err.message ?? err}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
