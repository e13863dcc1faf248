// Where a vehicle is in the plane: its lane's shape at its position, shifted by the lateral
// offset of a lane change in progress. Used by V2X (positions in messages), viewers, recordings.
import type { World } from './world.ts';
import { poseAt, type Pose } from './polyline.ts';

/** Writes the pose of the vehicle in `slot` (front bumper centre) into `out`; returns `out`. */
export function vehiclePose(w: World, slot: number, out: Pose): Pose {
  const V = w.vehicles;
  const L = w.net.lanes[V.lane[slot]!]!;
  const s = V.s[slot]!;
  poseAt(L.shape, s < 0 ? 0 : s > L.length ? L.length : s, out);
  const lat = V.lateral[slot]!;
  if (lat !== 0) {
    // Positive lateral offset is to the left of the direction of travel.
    out.x -= Math.sin(out.theta) * lat;
    out.y += Math.cos(out.theta) * lat;
  }
  return out;
}

/** Position of a pedestrian on its crosswalk, local metres. */
export function pedestrianPosition(w: World, index: number, out: { x: number; y: number }): { x: number; y: number } {
  const p = w.pedestrians[index]!;
  const cw = w.net.crosswalks[p.crosswalk]!;
  const [ax, ay] = p.forward ? cw.a : cw.b;
  const [bx, by] = p.forward ? cw.b : cw.a;
  const f = cw.length > 0 ? Math.min(1, p.progress / cw.length) : 0;
  out.x = ax + (bx - ax) * f;
  out.y = ay + (by - ay) * f;
  return out;
}
