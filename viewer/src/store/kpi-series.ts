// The small live charts of the KPI panel: one sample per simulated second (the mean of the
// frames in it), kept for the last `capacity` seconds.
import { Ring } from './ring.ts';

export const KPI_NAMES = ['shuttleSpeedKmh', 'deliveryRatio', 'latencyMs', 'busyRatio'] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export interface KpiSample {
  readonly simTime: number;
  /** NaN where nothing was measured in that second. */
  readonly values: Readonly<Record<KpiName, number>>;
}

export class KpiSeries {
  readonly samples: Ring<KpiSample>;
  private second = Number.NaN;
  private readonly sums = new Map<KpiName, [number, number]>();

  constructor(capacity = 600) {
    this.samples = new Ring(capacity);
  }

  clear(): void {
    this.samples.clear();
    this.second = Number.NaN;
    this.sums.clear();
  }

  /** Adds one frame's measurements (NaN = none); closes the previous second when time moved on. */
  add(simTime: number, values: Record<KpiName, number>): void {
    const s = Math.floor(simTime);
    if (s !== this.second) {
      this.flush();
      this.second = s;
    }
    for (const name of KPI_NAMES) {
      const v = values[name];
      if (Number.isNaN(v)) continue;
      const acc = this.sums.get(name);
      if (acc) {
        acc[0] += v;
        acc[1]++;
      } else this.sums.set(name, [v, 1]);
    }
  }

  private flush(): void {
    if (Number.isNaN(this.second)) return;
    const values = {} as Record<KpiName, number>;
    for (const name of KPI_NAMES) {
      const acc = this.sums.get(name);
      values[name] = acc ? acc[0] / acc[1] : Number.NaN;
    }
    this.samples.push({ simTime: this.second, values });
    this.sums.clear();
  }
}
