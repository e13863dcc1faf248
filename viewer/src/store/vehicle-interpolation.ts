// Smooth motion between frames: the scene draws the world one frame interval in the past,
// interpolating each vehicle between the previous and the current frame by the render clock
// ("snapshot interpolation"). A vehicle new in the current frame is drawn where it is; one gone
// from it is not drawn. Flat typed arrays, reused across calls: no allocation per render frame.
import type { LiveFrame } from '../../../v2x/live/live-types.ts';

/** Interpolated vehicle poses for one render frame (the first `count` entries are valid). */
export interface VehiclePoses {
  count: number;
  ids: Uint32Array;
  types: Uint8Array;
  x: Float32Array;
  y: Float32Array;
  heading: Float32Array;
  speed: Float32Array;
  stationIds: Uint32Array;
}

export function createVehiclePoses(capacity = 1024): VehiclePoses {
  return {
    count: 0,
    ids: new Uint32Array(capacity),
    types: new Uint8Array(capacity),
    x: new Float32Array(capacity),
    y: new Float32Array(capacity),
    heading: new Float32Array(capacity),
    speed: new Float32Array(capacity),
    stationIds: new Uint32Array(capacity),
  };
}

function ensureCapacity(p: VehiclePoses, n: number): VehiclePoses {
  if (p.ids.length >= n) return p;
  let cap = p.ids.length;
  while (cap < n) cap *= 2;
  return { ...createVehiclePoses(cap), count: p.count };
}

/** Shortest signed angle from a to b, radians. */
function angleDelta(a: number, b: number): number {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d < -Math.PI) d += 2 * Math.PI;
  return d;
}

/**
 * Fills `out` with the vehicles of `cur`, moved `alpha` (0..1) of the way from their pose in
 * `prev` (looked up through `prevIndex`, id -> index in prev) to their pose in `cur`. A jump
 * longer than `maxJump` metres (teleport after a seek or restart) is not interpolated.
 * Returns `out`, or a larger replacement when it was too small.
 */
export function interpolateVehicles(
  prev: LiveFrame | null,
  prevIndex: ReadonlyMap<number, number>,
  cur: LiveFrame,
  alpha: number,
  out: VehiclePoses,
  maxJump = 50,
): VehiclePoses {
  const v = cur.vehicles;
  const n = v.ids.length;
  const o = ensureCapacity(out, n);
  const a = alpha < 0 ? 0 : alpha > 1 ? 1 : alpha;
  const pv = prev?.vehicles;
  for (let k = 0; k < n; k++) {
    const id = v.ids[k]!;
    let x = v.x[k]!;
    let y = v.y[k]!;
    let h = v.heading[k]!;
    const j = pv !== undefined && a < 1 ? prevIndex.get(id) : undefined;
    if (j !== undefined && pv !== undefined) {
      const px = pv.x[j]!;
      const py = pv.y[j]!;
      if (Math.abs(x - px) + Math.abs(y - py) < maxJump) {
        x = px + (x - px) * a;
        y = py + (y - py) * a;
        h = pv.heading[j]! + angleDelta(pv.heading[j]!, h) * a;
      }
    }
    o.ids[k] = id;
    o.types[k] = v.types[k]!;
    o.x[k] = x;
    o.y[k] = y;
    o.heading[k] = h;
    o.speed[k] = v.speed[k]!;
    o.stationIds[k] = v.stationIds[k]!;
  }
  o.count = n;
  return o;
}

/** id -> index of a frame's vehicles (rebuilt once per frame, not per render). */
export function indexVehicles(frame: LiveFrame, into: Map<number, number>): Map<number, number> {
  into.clear();
  const ids = frame.vehicles.ids;
  for (let k = 0; k < ids.length; k++) into.set(ids[k]!, k);
  return into;
}
