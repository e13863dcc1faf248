// Headways from a direction's departure times at its first stop. Two summaries, because a
// shuttle line in a scenario has one headway and a timetable has many:
//   median — the median gap between consecutive departures over the whole service day;
//   peak   — the median gap between the departures of the busiest hour (the 60-minute window,
//            starting at a departure, holding the most departures; the earliest such window).

export interface HeadwayStats {
  /** Departures counted (after merging identical times). */
  readonly trips: number;
  readonly first: number;
  readonly last: number;
  /** Seconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly peak: number;
  /** The busiest hour: departures at or after `peakFrom`, before `peakFrom + 3600`. */
  readonly peakFrom: number;
  readonly peakTrips: number;
}

const HOUR = 3600;

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Undefined with fewer than two distinct departures (no gap to measure). */
export function headwayStats(departures: readonly number[]): HeadwayStats | undefined {
  const times = [...new Set(departures)].sort((a, b) => a - b);
  if (times.length < 2) return undefined;
  const gaps = times.slice(1).map((t, k) => t - times[k]!);
  let peakStart = 0;
  let peakCount = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j]! < times[i]! + HOUR) j++;
    if (j - i > peakCount) {
      peakCount = j - i;
      peakStart = i;
    }
  }
  // A busiest hour with a single departure has no gap inside it: fall back to the gap after it.
  const peakGaps = gaps.slice(peakStart, peakStart + Math.max(1, peakCount - 1));
  return {
    trips: times.length,
    first: times[0]!,
    last: times[times.length - 1]!,
    median: median(gaps),
    min: Math.min(...gaps),
    max: Math.max(...gaps),
    peak: median(peakGaps),
    peakFrom: times[peakStart]!,
    peakTrips: peakCount,
  };
}
