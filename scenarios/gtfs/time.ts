// GTFS times: H:MM:SS or HH:MM:SS from the start of the service day. Hours may pass 23 (a trip
// that starts at 23:50 and ends at 00:20 the next morning is written 23:50:00 .. 24:20:00), so
// they are seconds, not clock times.

/** Seconds, or the reason the text is not a GTFS time (a phrase to follow the column name). */
export function parseGtfsTime(text: string): number | string {
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(text.trim());
  if (!m) return `must be a time H:MM:SS or HH:MM:SS (hours may pass 24 for trips after midnight), got "${text}"`;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** Seconds as HH:MM:SS (hours past 24 kept, as GTFS writes them). */
export function formatGtfsTime(seconds: number): string {
  const s = Math.round(seconds);
  const two = (v: number) => String(v).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}
