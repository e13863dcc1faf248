// Numbers, durations and distances as a reader of the report writes them, in English or French
// (decimal comma, non-breaking space before units).
import { KPI_DEFS, type KpiName, type Lang } from '../kpi-defs.ts';

const NBSP = '\u00a0';

export function num(x: number, decimals: number, lang: Lang): string {
  return x.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/\u202f/g, NBSP);
}

/** 100 s -> "1 min 40 s"; under a minute "35 s"; an hour or more "1 h 02 min". */
export function duration(seconds: number, _lang: Lang): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s}${NBSP}s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r === 0 ? `${m}${NBSP}min` : `${m}${NBSP}min ${r}${NBSP}s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return `${h}${NBSP}h ${String(m).padStart(2, '0')}${NBSP}min`;
}

/** A KPI value with its unit (shares as percentages). */
export function kpiValue(k: KpiName, x: number, lang: Lang): string {
  const d = KPI_DEFS[k];
  if (d.percent) return `${num(x * 100, d.decimals, lang)}${NBSP}%`;
  // Long times read better as minutes and seconds (a round trip of "28 min 40 s").
  if (d.unit === 's' && Math.abs(x) >= 120) return duration(x, lang);
  return d.unit ? `${num(x, d.decimals, lang)}${NBSP}${d.unit}` : num(x, d.decimals, lang);
}

/** The ± part of a KPI (same unit, one more decimal for small intervals). */
export function kpiPlusMinus(k: KpiName, ci: number, lang: Lang): string {
  const d = KPI_DEFS[k];
  if (d.unit === 's' && ci >= 60) return `±${NBSP}${duration(ci, lang)}`;
  const v = d.percent ? ci * 100 : ci;
  const dec = v !== 0 && v < 10 ** -d.decimals * 5 ? d.decimals + 1 : d.decimals;
  return `±${NBSP}${num(v, dec, lang)}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
