// One CSV per run: every scalar KPI, then the per-approach figures and the round trips, as
// `kpi,value,unit` rows (a spreadsheet opens it as one table).
import { KPI_DEFS, KPI_NAMES } from './kpi-defs.ts';
import type { RunResult } from './types.ts';

function cell(x: string | number | null): string {
  if (x === null) return '';
  const s = String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function runCsv(r: RunResult): string {
  const rows: [string, string | number | null, string][] = [
    ['variant', r.variant, ''],
    ['seed', r.seed, ''],
    ['duration', r.duration, 's'],
  ];
  if (r.error !== undefined) rows.push(['error', r.error, '']);
  if (r.stateHash) rows.push(['stateHash', r.stateHash, '']);
  if (r.kpis) for (const k of KPI_NAMES) rows.push([k, r.kpis[k], KPI_DEFS[k].percent ? 'share' : KPI_DEFS[k].unit]);
  for (const a of r.detail?.approaches ?? []) {
    const at = `[${a.controller} ${a.approach}]`;
    rows.push([`signalLossPerTripS${at}`, a.signalLossPerTripS, 's'], [`stopsAtRedPerTrip${at}`, a.stopsAtRedPerTrip, ''], [`spatemAvailability${at}`, a.spatemAvailability, 'share']);
  }
  for (const [stop, cv] of Object.entries(r.detail?.headwayCv ?? {})) rows.push([`headwayCv[${stop}]`, cv, '']);
  r.detail?.roundTrips.forEach((t, k) => rows.push([`roundTrip[${k + 1}]`, t, 's']));
  r.detail?.denmWarnings.forEach((d) => rows.push([`denmWarning[${d.hazard} cause ${d.causeCode}]`, d.distance, 'm']));
  return `kpi,value,unit\n${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

/** File name of a run's CSV: safe on every file system (variant names are ids). */
export function runCsvName(r: { variant: string; seed: number }): string {
  return `${r.variant.replace(/[^A-Za-z0-9_.-]/g, '_')}_seed-${r.seed}.csv`;
}
