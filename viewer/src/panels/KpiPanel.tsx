// The KPI panel: small live charts of the last minutes (one sample per simulated second, from
// the store's KpiSeries): shuttle speed, delivery ratio RSU -> shuttles, mean latency, and the
// busiest RSU's channel busy ratio. Redrawn on a <canvas> at most twice a second.
import { useEffect, useRef } from 'react';
import { useViewer } from '../context.ts';
import { KPI_NAMES, type KpiName, type KpiSample } from '../store/kpi-series.ts';
import { useStoreValue } from '../store/use-store.ts';
import { sparklineGeometry, type SparklineScale } from './sparkline.ts';

interface KpiDef {
  readonly title: string;
  readonly unit: string;
  /** Shown value = sample value * factor. */
  readonly factor: number;
  readonly digits: number;
  readonly colour: string;
  readonly scale: SparklineScale;
  readonly help: string;
}

const KPIS: Record<KpiName, KpiDef> = {
  shuttleSpeedKmh: { title: 'Shuttle speed', unit: 'km/h', factor: 1, digits: 1, colour: '#00c896', scale: { min: 0, minSpan: 30 }, help: 'Mean speed of the shuttles in service' },
  deliveryRatio: { title: 'Delivery ratio', unit: '%', factor: 100, digits: 1, colour: '#4fc3f7', scale: { min: 0, max: 100 }, help: 'Share of RSU messages the shuttles received (best RSU per shuttle)' },
  latencyMs: { title: 'Latency', unit: 'ms', factor: 1, digits: 2, colour: '#ffca28', scale: { minSpan: 2 }, help: 'Mean latency of the deliveries, send request to the receiver facilities' },
  busyRatio: { title: 'Channel busy', unit: '%', factor: 100, digits: 1, colour: '#ef8a65', scale: { min: 0, minSpan: 10 }, help: 'Channel busy ratio around the busiest RSU' },
};

const CHART_HEIGHT = 44;

export function KpiPanel() {
  const { store } = useViewer();
  // A new sample closes every simulated second; re-render for it at most twice a second.
  useStoreValue(store, (s) => s.kpis.samples.last() ?? null, 2);
  const samples = store.kpis.samples.toArray();
  return (
    <section className="pn-kpis" data-testid="kpi-panel">
      {samples.length === 0 && <p className="muted pn-empty">The charts start after the first simulated second.</p>}
      {KPI_NAMES.map((name) => (
        <KpiCard key={name} name={name} samples={samples} />
      ))}
      <p className="muted pn-note">
        One point per simulated second, last {samples.length > 0 ? `${Math.round(samples.at(-1)!.simTime - samples[0]!.simTime + 1)} s` : 'minutes'}.
      </p>
    </section>
  );
}

function KpiCard({ name, samples }: { name: KpiName; samples: readonly KpiSample[] }) {
  const def = KPIS[name];
  const values = samples.map((s) => s.values[name] * def.factor);
  let last = Number.NaN;
  for (let i = values.length - 1; i >= 0; i--) {
    if (!Number.isNaN(values[i]!)) {
      last = values[i]!;
      break;
    }
  }
  const measured = values.filter((v) => !Number.isNaN(v));
  const min = measured.length > 0 ? Math.min(...measured) : Number.NaN;
  const max = measured.length > 0 ? Math.max(...measured) : Number.NaN;
  return (
    <div className="pn-kpi" data-testid={`kpi-${name}`} data-value={Number.isNaN(last) ? '' : last.toFixed(def.digits)} title={def.help}>
      <div className="pn-kpi-head">
        <span>{def.title}</span>
        <span className="pn-num pn-kpi-value" style={{ color: def.colour }}>
          {Number.isNaN(last) ? '–' : last.toFixed(def.digits)} <small>{def.unit}</small>
        </span>
      </div>
      <Sparkline values={values} colour={def.colour} scale={def.scale} />
      <div className="pn-kpi-range muted pn-num">
        {measured.length > 0 ? `min ${min.toFixed(def.digits)} · max ${max.toFixed(def.digits)} ${def.unit}` : 'not measured yet'}
      </div>
    </div>
  );
}

function Sparkline({ values, colour, scale }: { values: readonly number[]; colour: string; scale: SparklineScale }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, canvas.clientWidth);
    const h = CHART_HEIGHT;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const g = sparklineGeometry(values, w, h, scale);
    // Baseline and mid grid line.
    ctx.strokeStyle = 'rgba(143, 160, 177, 0.18)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, h - 1.5);
    ctx.lineTo(w, h - 1.5);
    ctx.moveTo(0, h / 2);
    ctx.lineTo(w, h / 2);
    ctx.stroke();
    for (const run of g.runs) {
      // Filled area under the line, then the line.
      ctx.beginPath();
      ctx.moveTo(run[0]!, h);
      for (let i = 0; i < run.length; i += 2) ctx.lineTo(run[i]!, run[i + 1]!);
      ctx.lineTo(run[run.length - 2]!, h);
      ctx.closePath();
      ctx.fillStyle = `${colour}22`;
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(run[0]!, run[1]!);
      for (let i = 2; i < run.length; i += 2) ctx.lineTo(run[i]!, run[i + 1]!);
      if (run.length === 2) ctx.arc(run[0]!, run[1]!, 1.2, 0, 2 * Math.PI);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  });
  return <canvas ref={ref} className="pn-spark" style={{ height: CHART_HEIGHT }} aria-hidden="true" />;
}
