// KPI observers of the V2X side, fed after every tick with the tick's traffic (null when V2X is
// off): route coverage, SPATEM availability per approach; DENM warning distances and the
// channel busy ratio come from the session's own receivers and statistics at the end.
import type { World } from '../../sim/world.ts';
import type { TickTraffic } from '../runtime.ts';
import type { V2xSession } from '../session.ts';
import { CoverageObserver, type CoverageResult } from './coverage.ts';
import { SpatemObserver, type SpatemApproach } from './spatem.ts';

export { COVERED_RATIO, bestRatios, type CoverageResult } from './coverage.ts';
export { APPROACH_REACH, SPATEM_FRESH, type SpatemApproach } from './spatem.ts';

export interface DenmWarning {
  /** DENM action id (`station:sequence`) and its cause code. */
  hazard: string;
  causeCode: number;
  /** Distance from the shuttle to the event when it first heard of it, metres. */
  distance: number;
}

export interface V2xKpiResult {
  enabled: boolean;
  coverage: CoverageResult;
  spatem: SpatemApproach[];
  denmWarnings: DenmWarning[];
  /** Highest channel busy ratio measured around any RSU (0 without V2X). */
  peakChannelBusyRatio: number;
}

export class V2xKpiCollector {
  private readonly coverage: CoverageObserver;
  private readonly spatem: SpatemObserver;

  constructor(w: World) {
    this.coverage = new CoverageObserver(w);
    this.spatem = new SpatemObserver(w);
  }

  observe(traffic: TickTraffic | null): void {
    if (traffic) this.coverage.observe(traffic);
    this.spatem.observe(traffic);
  }

  result(session: V2xSession | undefined): V2xKpiResult {
    const summary = session?.summary();
    const busy = summary ? Object.values(summary.peakChannelBusyRatioByRsu) : [];
    return {
      enabled: session !== undefined,
      coverage: this.coverage.result(),
      spatem: this.spatem.result(),
      denmWarnings: (summary?.shuttle.hazardWarnings ?? []).map((h) => ({ hazard: h.hazard, causeCode: h.causeCode, distance: h.distance })),
      peakChannelBusyRatio: busy.length > 0 ? Math.max(...busy) : 0,
    };
  }
}
