// The report's plots as Vega-Lite specifications, built from the evaluation summary only (so the
// pictures show exactly the aggregated figures). Rendered to SVG by svg.ts.
import type { EvaluationSummary, VariantAggregate } from '../aggregate.ts';
import type { Lang } from '../kpi-defs.ts';
import type { ChartSpec } from './svg.ts';
import { t } from './texts.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Colour-blind-safe categorical palette (Tableau 10), one colour per variant in plan order. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const WIDTH = 820;

function variantScale(s: EvaluationSummary) {
  const domain = s.variants.map((v) => v.name);
  return { domain, range: domain.map((_, k) => PALETTE[k % PALETTE.length]!) };
}

export function roundTripBoxPlot(s: EvaluationSummary, lang: Lang): ChartSpec | null {
  const values = s.variants.flatMap((v) => v.roundTrips.map((rt) => ({ variant: v.name, minutes: Math.round((rt / 60) * 100) / 100 })));
  if (values.length === 0) return null;
  return {
    $schema: SCHEMA,
    width: Math.min(WIDTH, 110 * s.variants.length),
    height: 260,
    data: { values },
    mark: { type: 'boxplot', extent: 'min-max', size: 36, median: { color: 'black' } },
    encoding: {
      x: { field: 'variant', type: 'nominal', sort: s.variants.map((v) => v.name), title: t('variant', lang), axis: { labelAngle: -20 } },
      y: { field: 'minutes', type: 'quantitative', title: t('minutes', lang), scale: { zero: false } },
      color: { field: 'variant', type: 'nominal', scale: variantScale(s), legend: null },
    },
  } as ChartSpec;
}

export function speedProfile(s: EvaluationSummary, lang: Lang): ChartSpec | null {
  const values = s.variants.flatMap((v) =>
    (v.profile?.speedKmh ?? []).map((speed, b) => ({ variant: v.name, km: Math.round(((b + 0.5) * v.profile!.binSize) / 10) / 100, speed })),
  ).filter((d) => d.speed !== null);
  if (values.length === 0) return null;
  const ref = s.variants.find((v) => v.name === s.reference) ?? s.variants[0]!;
  const stops = ref.stops.map((st) => ({ km: Math.round(st.routeDistance / 10) / 100, stop: st.name }));
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: 260,
    layer: [
      {
        data: { values: stops },
        mark: { type: 'rule', strokeDash: [2, 3], color: '#999' },
        encoding: { x: { field: 'km', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'km', type: 'quantitative', title: t('distanceKm', lang) },
          y: { field: 'speed', type: 'quantitative', title: t('speedKmh', lang) },
          color: { field: 'variant', type: 'nominal', scale: variantScale(s), title: t('variant', lang) },
        },
      },
    ],
  } as ChartSpec;
}

export function signalLoss(s: EvaluationSummary, lang: Lang): ChartSpec | null {
  // Both directions of an intersection summed: the town asks "which junction costs the shuttle time".
  const values: { variant: string; intersection: string; seconds: number; low: number; high: number }[] = [];
  for (const v of s.variants) {
    const by = new Map<string, { mean: number; ci2: number }>();
    for (const a of v.approaches) {
      const e = by.get(a.controller) ?? { mean: 0, ci2: 0 };
      e.mean += a.signalLossPerTripS.mean ?? 0;
      e.ci2 += (a.signalLossPerTripS.ci95 ?? 0) ** 2;
      by.set(a.controller, e);
    }
    for (const [intersection, e] of by) {
      // Half-widths combined as if independent: an indication, not an exact interval of the sum.
      const ci = Math.sqrt(e.ci2);
      values.push({ variant: v.name, intersection, seconds: round1(e.mean), low: round1(Math.max(0, e.mean - ci)), high: round1(e.mean + ci) });
    }
  }
  if (values.length === 0) return null;
  const order = orderOfIntersections(s.variants);
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: 240,
    data: { values },
    encoding: {
      x: { field: 'intersection', type: 'nominal', sort: order, title: t('intersection', lang), axis: { labelAngle: 0 } },
      xOffset: { field: 'variant', type: 'nominal', sort: s.variants.map((v) => v.name) },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'seconds', type: 'quantitative', title: t('secondsPerTrip', lang) },
          color: { field: 'variant', type: 'nominal', scale: variantScale(s), title: t('variant', lang) },
        },
      },
      {
        mark: { type: 'rule', color: 'black' },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
    ],
  } as ChartSpec;
}

/** Intersections in the order the shuttle meets them outbound (first approach along the route). */
function orderOfIntersections(variants: readonly VariantAggregate[]): string[] {
  const names: string[] = [];
  for (const v of variants) for (const a of v.approaches) if (!names.includes(a.controller)) names.push(a.controller);
  return names;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Map of one variant: route coloured by coverage, waits as circles, RSUs as triangles. */
export function coverageMap(v: VariantAggregate, lang: Lang): ChartSpec | null {
  const p = v.profile;
  if (!p) return null;
  // Outbound and return lanes are a few metres apart: draw them apart so both can be read.
  const apart = (dir: string) => (dir === 'forward' ? -18 : dir === 'backward' ? 18 : 0);
  const route = p.x.map((x, b) => ({
    x,
    y: p.y[b]! + apart(p.direction[b]!),
    dir: p.direction[b]!,
    order: b,
    coverage: p.coverage[b],
  }));
  const waits = p.x.flatMap((x, b) => {
    const y = p.y[b]! + apart(p.direction[b]!);
    return [
      { x, y, cause: t('causeSignal', lang), seconds: p.signalSecondsPerTrip[b]! },
      { x, y, cause: t('causeStop', lang), seconds: p.dwellSecondsPerTrip[b]! },
      { x, y, cause: t('causeOther', lang), seconds: p.otherStopSecondsPerTrip[b]! },
    ].filter((w) => w.seconds >= 1);
  });
  const xs = [...p.x, ...v.rsus.map((r) => r.x)];
  const ys = [...p.y, ...v.rsus.map((r) => r.y)];
  const [x0, x1, y0, y1] = [Math.min(...xs) - 60, Math.max(...xs) + 60, Math.min(...ys) - 80, Math.max(...ys) + 80];
  // Same metres per pixel on both axes, so the map is not distorted.
  const width = WIDTH;
  const height = Math.max(120, Math.round((width * (y1 - y0)) / (x1 - x0)));
  const noAxis = { axis: null };
  return {
    $schema: SCHEMA,
    width,
    height,
    title: { text: v.name, anchor: 'start', fontSize: 13 },
    layer: [
      {
        data: { values: route.filter((r) => r.coverage === null) },
        mark: { type: 'square', size: 60, color: '#bbb', opacity: 0.9 },
        encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [x0, x1] }, ...noAxis }, y: { field: 'y', type: 'quantitative', scale: { domain: [y0, y1] }, ...noAxis } },
      },
      {
        data: { values: route.filter((r) => r.coverage !== null) },
        mark: { type: 'square', size: 60, opacity: 0.95 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: { domain: [x0, x1] }, ...noAxis },
          y: { field: 'y', type: 'quantitative', scale: { domain: [y0, y1] }, ...noAxis },
          color: {
            field: 'coverage',
            type: 'quantitative',
            title: t('coverageLegend', lang),
            scale: { domain: [0, 0.5, 0.9, 1], range: ['#b2182b', '#f4a582', '#92c5de', '#2166ac'] },
            legend: { format: '.0%', orient: 'bottom', direction: 'horizontal', gradientLength: 160, titleLimit: 300 },
          },
        },
      },
      {
        data: { values: waits },
        mark: { type: 'circle', opacity: 0.55, stroke: 'black', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: { domain: [x0, x1] }, ...noAxis },
          y: { field: 'y', type: 'quantitative', scale: { domain: [y0, y1] }, ...noAxis },
          size: { field: 'seconds', type: 'quantitative', title: t('waitLegend', lang), scale: { range: [10, 900], zero: true }, legend: { orient: 'bottom', direction: 'horizontal', titleLimit: 300, values: [10, 30, 60, 120] } },
          color: { field: 'cause', type: 'nominal', title: t('causeLegend', lang), legend: { orient: 'bottom', direction: 'horizontal', titleLimit: 300, labelLimit: 300 }, scale: { domain: [t('causeSignal', lang), t('causeStop', lang), t('causeOther', lang)], range: ['#d62728', '#ffbf00', '#7f7f7f'] } },
        },
      },
      {
        data: { values: v.rsus },
        layer: [
          {
            mark: { type: 'point', shape: 'triangle-up', size: 120, filled: true, color: 'black' },
            encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [x0, x1] }, ...noAxis }, y: { field: 'y', type: 'quantitative', scale: { domain: [y0, y1] }, ...noAxis } },
          },
          {
            mark: { type: 'text', dy: -14, fontSize: 10 },
            encoding: {
              x: { field: 'x', type: 'quantitative', scale: { domain: [x0, x1] }, ...noAxis },
              y: { field: 'y', type: 'quantitative', scale: { domain: [y0, y1] }, ...noAxis },
              text: { field: 'id', type: 'nominal' },
            },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as ChartSpec;
}
