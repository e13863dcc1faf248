// The evaluation report: one self-contained HTML page (inline CSS and SVG, no script, no
// external link) that opens offline: the conclusion in plain words, the variants side by side
// with the best value marked, the plots, the maps, failures and the method.
import type { EvaluationSummary, VariantAggregate } from '../aggregate.ts';
import { KPI_DEFS, KPI_NAMES, type KpiName, type Lang } from '../kpi-defs.ts';
import type { MeanStat } from '../stats.ts';
import { coverageMap, roundTripBoxPlot, signalLoss, speedProfile } from './charts.ts';
import { conclusions } from './conclusion.ts';
import { duration, escapeHtml, kpiPlusMinus, kpiValue } from './format.ts';
import { renderSvg, type ChartSpec } from './svg.ts';
import { t } from './texts.ts';

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; line-height: 1.45; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #0078c8; padding-bottom: 4px; }
.sub { color: #555; margin: 0 0 16px; } .note { color: #555; font-size: 13px; margin: 4px 0 10px; }
.conclusion { background: #eef6fc; border-left: 5px solid #0078c8; padding: 10px 18px; }
.conclusion li { margin: 4px 0; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f3f3f3; position: sticky; top: 0; }
td.best { background: #e3f4e0; font-weight: bold; }
td .ci { color: #666; font-weight: normal; font-size: 12px; white-space: nowrap; }
td.ref, th.ref { border-left: 2px solid #0078c8; border-right: 2px solid #0078c8; }
.chart { margin: 6px 0 18px; overflow-x: auto; } .chart svg { max-width: 100%; height: auto; }
.error { color: #a00; white-space: pre-wrap; font-family: monospace; font-size: 12px; text-align: left; }
.foot { color: #777; font-size: 12px; margin-top: 32px; }
`;

export async function renderReport(s: EvaluationSummary, lang: Lang): Promise<string> {
  const parts: string[] = [];
  const title = `${t('title', lang)}: ${s.plan.scenarioName}`;
  parts.push(`<h1>${escapeHtml(title)}</h1>`);
  parts.push(`<p class="sub">${escapeHtml(t('planLine', lang)(s.plan.variants.length, s.plan.seeds.length, duration(s.plan.duration, lang)))} ${escapeHtml(t('figuresNote', lang))}</p>`);

  const said = conclusions(s, lang);
  if (said.length > 0) {
    parts.push(`<h2>${t('conclusion', lang)}</h2><div class="conclusion"><ul>${said.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul></div>`);
  }

  parts.push(`<h2>${t('summaryTable', lang)}</h2>`, summaryTable(s, lang));

  let chartNo = 0;
  const chart = async (spec: ChartSpec | null): Promise<string> => (spec ? `<div class="chart">${await renderSvg(spec, `c${++chartNo}`)}</div>` : '');
  const box = await chart(roundTripBoxPlot(s, lang));
  if (box) parts.push(`<h2>${t('roundTrips', lang)}</h2><p class="note">${escapeHtml(t('roundTripsNote', lang))}</p>${box}`);
  const speed = await chart(speedProfile(s, lang));
  if (speed) parts.push(`<h2>${t('speedProfile', lang)}</h2><p class="note">${escapeHtml(t('speedProfileNote', lang))}</p>${speed}`);
  const lost = await chart(signalLoss(s, lang));
  if (lost) parts.push(`<h2>${t('signals', lang)}</h2><p class="note">${escapeHtml(t('signalsNote', lang))}</p>${lost}`);
  const maps: string[] = [];
  for (const v of s.variants) maps.push(await chart(coverageMap(v, lang)));
  if (maps.some((m) => m !== '')) parts.push(`<h2>${t('maps', lang)}</h2><p class="note">${escapeHtml(t('mapsNote', lang))}</p>${maps.join('')}`);

  parts.push(`<h2>${t('variantsTitle', lang)}</h2>`, variantsTable(s, lang));
  const failed = s.variants.flatMap((v) => v.failed.map((f) => ({ variant: v.name, ...f })));
  if (failed.length > 0) {
    parts.push(
      `<h2>${t('failedTitle', lang)}</h2><table><thead><tr><th>${t('variant', lang)}</th><th>${t('seed', lang)}</th><th></th></tr></thead><tbody>${failed
        .map((f) => `<tr><td>${escapeHtml(f.variant)}</td><td>${f.seed}</td><td class="error">${escapeHtml(f.error)}</td></tr>`)
        .join('')}</tbody></table>`,
    );
  }
  if (s.missing.length > 0) {
    parts.push(`<h2>${t('missingTitle', lang)}</h2><p>${s.missing.map((m) => `${escapeHtml(m.variant)} (${t('seed', lang)} ${m.seed})`).join(', ')}</p>`);
  }
  parts.push(`<h2>${t('methodTitle', lang)}</h2><ul>${t('method', lang).map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>`);
  parts.push(`<p class="foot">${escapeHtml(t('generated', lang))} ${escapeHtml(s.plan.scenario)}; ${t('seed', lang)}s ${s.plan.seeds.join(', ')}.</p>`);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

function cell(k: KpiName, m: MeanStat, best: boolean, lang: Lang, ref: boolean): string {
  const cls = [best ? 'best' : '', ref ? 'ref' : ''].filter(Boolean).join(' ');
  const attr = cls ? ` class="${cls}"` : '';
  if (m.mean === null) return `<td${attr}>${t('na', lang)}</td>`;
  const ci = m.ci95 !== null ? ` <span class="ci">${kpiPlusMinus(k, m.ci95, lang)}</span>` : '';
  return `<td${attr} title="n = ${m.n}">${best ? '★ ' : ''}${kpiValue(k, m.mean, lang)}${ci}</td>`;
}

function summaryTable(s: EvaluationSummary, lang: Lang): string {
  const head = s.variants.map((v) => `<th${v.name === s.reference ? ' class="ref"' : ''}>${escapeHtml(v.name)}${v.name === s.reference ? `<br><span class="ci">(${t('reference', lang)})</span>` : ''}</th>`).join('');
  const rows = KPI_NAMES.filter((k) => s.variants.some((v) => v.kpis[k].mean !== null)).map((k) => {
    const def = KPI_DEFS[k];
    // Values carry their unit, so the label does not repeat it.
    const label = def.label[lang];
    const best = new Set(s.best[k]);
    return `<tr><td>${escapeHtml(label)}</td>${s.variants.map((v) => cell(k, v.kpis[k], best.has(v.name), lang, v.name === s.reference)).join('')}</tr>`;
  });
  const runs = `<tr><td>${t('runsOk', lang)}</td>${s.variants.map((v) => `<td${v.name === s.reference ? ' class="ref"' : ''}>${v.seeds.length}${v.failed.length ? ` (+${v.failed.length} ✗)` : ''}</td>`).join('')}</tr>`;
  return `<table><thead><tr><th>${t('indicator', lang)}</th>${head}</tr></thead><tbody>${rows.join('')}${runs}</tbody></table>`;
}

function variantsTable(s: EvaluationSummary, lang: Lang): string {
  const row = (v: VariantAggregate) => `<tr><td>${escapeHtml(v.name)}</td><td style="text-align:left">${escapeHtml(v.description)}</td><td>${v.seeds.length}</td></tr>`;
  return `<table><thead><tr><th>${t('variant', lang)}</th><th style="text-align:left">${t('description', lang)}</th><th>${t('runsOk', lang)}</th></tr></thead><tbody>${s.variants.map(row).join('')}</tbody></table>`;
}
