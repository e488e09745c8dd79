// expand.mjs reads an iCalendar file with Mozilla's ical.js, an independent client,
// and prints, as JSON, every meeting it finds starting in [from, to): series expanded
// with their exceptions, each with its UID, start, end (UTC) and status.
//
//   node expand.mjs FILE FROM TO      FROM and TO are RFC 3339 times
//
// Only the feed's own VTIMEZONEs are registered: ical.js knows no zone by name, so
// every local time is computed from what copse wrote.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, fromArg, toArg] = process.argv.slice(2);
const from = new Date(fromArg), to = new Date(toArg);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtz);
}

const masters = new Map(), exceptions = [];
for (const vevent of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  if (event.isRecurrenceException()) {
    exceptions.push(event);
  } else {
    masters.set(event.uid, event);
  }
}
for (const e of exceptions) {
  const master = masters.get(e.uid);
  if (!master) {
    throw new Error("an exception without its series: " + e.uid);
  }
  master.relateException(e);
}

// An exception may move an occurrence by up to a few weeks; look that far past the
// window for originals, and keep what actually starts inside it.
const margin = 45 * 24 * 3600 * 1000;
const out = [];
function keep(uid, start, end, item) {
  const s = start.toJSDate(), e = end.toJSDate();
  if (s >= from && s < to) {
    out.push({
      uid,
      start: s.toISOString(),
      end: e.toISOString(),
      status: item.component.getFirstPropertyValue("status") || "",
      summary: item.summary,
      zone: start.zone ? start.zone.tzid : "",
    });
  }
}
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    keep(event.uid, event.startDate, event.endDate, event);
    continue;
  }
  const it = event.iterator();
  for (let next = it.next(); next; next = it.next()) {
    if (next.toJSDate().getTime() >= to.getTime() + margin) {
      break;
    }
    const d = event.getOccurrenceDetails(next);
    keep(event.uid, d.startDate, d.endDate, d.item);
  }
}
out.sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
process.stdout.write(JSON.stringify(out));
