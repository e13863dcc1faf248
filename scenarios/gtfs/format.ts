// The import report as the terminal shows it: per direction, each stop placed (where, how far
// from its lane), the headways, the shape's fit; then what was not placed, what was written and
// any warning or validation problem.
import type { ImportReport } from './import.ts';
import { formatGtfsTime } from './time.ts';

/** One line per figure, for the terminal. */
export function formatImportReport(r: ImportReport, outFile: string): string {
  const out: string[] = [];
  const m = (v: number) => `${v.toFixed(1)} m`;
  out.push(`GTFS route ${r.route.id} "${r.route.name}" from ${r.feed}: ${r.service.trips} trips on service ${r.service.id}` +
    (Object.keys(r.service.tripsByService).length > 1 ? ` (by service: ${Object.entries(r.service.tripsByService).map(([s, n]) => `${s} ${n}`).join(', ')})` : ''));
  out.push(`Line "${r.line.id}" of ${r.base}${r.line.created ? ' (new)' : ''}, ${r.line.form === 'corridor' ? 'along the corridor' : 'along its route'}; stops placed within ${r.maxDistance} m of a kerb lane`);
  for (const d of r.directions) {
    out.push(`  ${d.direction} (direction_id ${d.directionIds.join('/')}, ${d.trips} trips, stops of trip ${d.patternTrip}${d.headsign ? ` to ${d.headsign}` : ''}): ${d.placed.length} placed, ${d.unplaced.length} not placed`);
    for (const p of d.placed) out.push(`    ${p.stopId.padEnd(14)} ${p.name.padEnd(24)} ${p.at !== undefined ? `at ${p.at} m` : `${p.link} @ ${p.position} m`}  (${m(p.distance)} from lane 0 of ${p.link})`);
    if (d.headways) {
      const h = d.headways;
      out.push(`    headways: peak ${h.peak} s (${h.peakTrips} departures from ${formatGtfsTime(h.peakFrom)}), median ${h.median} s, min ${h.min} s, max ${h.max} s; ${h.trips} departures ${formatGtfsTime(h.first)}-${formatGtfsTime(h.last)}`);
    }
    if (d.tripDuration !== undefined) out.push(`    scheduled trip: ${Math.round(d.tripDuration / 60)} min`);
    if (d.shape) out.push(`    shape ${d.shape.id}: ${d.shape.points} points, ${Math.round(d.shape.withinShare * 100)} % within ${r.maxDistance} m of the lanes (farthest ${m(d.shape.maxDistance)})`);
  }
  if (r.unplaced.length > 0) {
    out.push(`Not placed (${r.unplaced.length}):`);
    for (const u of r.unplaced) out.push(`  ${u.direction} ${u.stopId} "${u.name}": ${u.reason}`);
  } else out.push('Every stop placed.');
  const h = r.headway;
  out.push(h.kind === 'kept'
    ? `Headway: ${h.seconds} s kept.`
    : `Headway: ${h.seconds} s written (the ${h.kind} headway of the ${h.direction} trips${h.previous !== undefined ? `; was ${h.previous} s` : ''}).`);
  if (r.vehiclesNeeded !== undefined) {
    out.push(`Vehicles: the timetable needs about ${r.vehiclesNeeded} at this headway (round trip + 2 layovers); the line has ${r.vehicles ?? 'the default'}` +
      (r.vehicles !== undefined && r.vehicles !== r.vehiclesNeeded ? ` (--set 'shuttles[${r.line.index}].vehicles=${r.vehiclesNeeded}' to follow it)` : '') + '.');
  }
  for (const w of r.warnings) out.push(`Warning: ${w}`);
  out.push(r.issues.length === 0 ? `Wrote ${outFile}: ${r.stops.length} stops; it validates.` : `Wrote ${outFile}, which does not validate:\n${r.issues.map((i) => `  ${i}`).join('\n')}`);
  return `${out.join('\n')}\n`;
}

