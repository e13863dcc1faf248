// Placing a trip's stops, in their stop_sequence order, on the kerb lanes of one chain (the
// line's lanes in the trip's direction of travel). Each stop may go on any lane of the chain
// within `maxDistance` of it, but the places must follow the trip's order along the chain: a
// stop whose nearest lane would put it behind the previous stop is placed further along, or
// left out. Among the orders that place the most stops, the one with the smallest total
// distance wins (dynamic programming over stops × candidate lanes; feeds have tens of stops).
import { pointsOnChain, nearestOnChain, type ChainElement, type ChainPoint } from './chain.ts';

export interface StopToPlace {
  readonly id: string;
  readonly name: string;
  /** Local metres. */
  readonly x: number;
  readonly y: number;
}

export type StopPlacement =
  | { readonly stop: StopToPlace; readonly placed: true; readonly point: ChainPoint }
  | {
      readonly stop: StopToPlace;
      readonly placed: false;
      /** Distance to the nearest kerb lane of the chain, metres (Infinity for an empty chain). */
      readonly nearest: number;
      readonly reason: string;
    };

/** Weight of a stop left out, far above any sum of distances, so placing more stops always wins. */
const DROP = 1e9;

export function placeStops(chain: readonly ChainElement[], stops: readonly StopToPlace[], maxDistance: number, laneWord: string): StopPlacement[] {
  const cands: ChainPoint[][] = stops.map((s) => pointsOnChain(chain, s.x, s.y).filter((p) => p.distance <= maxDistance));
  // cost[i][c]: best cost of stops 0..i with stop i at candidate c; from[i][c]: previous (j, c') or none.
  const cost: number[][] = [];
  const from: ([number, number] | undefined)[][] = [];
  for (let i = 0; i < stops.length; i++) {
    cost.push([]);
    from.push([]);
    cands[i]!.forEach((c, k) => {
      let best = DROP * i; // every earlier stop left out
      let prev: [number, number] | undefined;
      for (let j = 0; j < i; j++) {
        cands[j]!.forEach((cj, kj) => {
          if (cj.pos > c.pos) return;
          const v = cost[j]![kj]! + DROP * (i - j - 1);
          if (v < best) {
            best = v;
            prev = [j, kj];
          }
        });
      }
      cost[i]![k] = best + c.distance;
      from[i]![k] = prev;
    });
  }
  let end: [number, number] | undefined;
  let total = DROP * stops.length;
  for (let i = 0; i < stops.length; i++) {
    cost[i]!.forEach((v, k) => {
      const withTail = v + DROP * (stops.length - 1 - i);
      if (withTail < total) {
        total = withTail;
        end = [i, k];
      }
    });
  }
  const chosen = new Map<number, ChainPoint>();
  for (let at = end; at; at = from[at[0]]![at[1]]) chosen.set(at[0], cands[at[0]]![at[1]]!);

  return stops.map((stop, i) => {
    const point = chosen.get(i);
    if (point) return { stop, placed: true, point };
    const nearest = nearestOnChain(chain, stop.x, stop.y);
    const distance = nearest?.distance ?? Infinity;
    if (cands[i]!.length === 0) {
      const reason = nearest
        ? `no ${laneWord} kerb lane within ${maxDistance} m: the nearest is ${distance.toFixed(1)} m away (link "${nearest.element.link.key}")`
        : `the line has no ${laneWord} lanes`;
      return { stop, placed: false, nearest: distance, reason };
    }
    return {
      stop,
      placed: false,
      nearest: distance,
      reason: `out of order: every ${laneWord} kerb lane within ${maxDistance} m of it lies behind the stops placed before it or ahead of those after it`,
    };
  });
}
