// Lengths the loader needs to check that positions lie on the network. Kept tiny and
// independent of sim/ so validation never depends on the network compiler.
import type { CorridorNetwork, ExplicitNetwork } from './schema.ts';

type Xy = readonly [number, number];

export function polylineLength(points: readonly Xy[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] as Xy;
    const [x1, y1] = points[i] as Xy;
    length += Math.hypot(x1 - x0, y1 - y0);
  }
  return length;
}

export function corridorLength(corridor: CorridorNetwork): number {
  return polylineLength(corridor.centreline);
}

type ExplicitLink = ExplicitNetwork['links'][number];

/** Length through the link's shape points; undefined when an end node is unknown. */
export function linkLength(network: ExplicitNetwork, link: ExplicitLink): number | undefined {
  const from = network.nodes.find((n) => n.id === link.from);
  const to = network.nodes.find((n) => n.id === link.to);
  if (!from || !to) return undefined;
  return polylineLength([from.position, ...link.shape, to.position]);
}

/** Metres for messages: at most two decimals, no trailing zeros. */
export function metres(value: number): string {
  return `${Number(value.toFixed(2))} m`;
}
