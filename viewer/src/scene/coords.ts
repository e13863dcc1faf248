// The one place mapping the simulation's plane to three.js: (x east, y north) at height h is
// (x, h, -y) in the y-up scene; a heading (rad, counter-clockwise from east) is a rotation of
// that angle about +Y.
import { Vector3 } from 'three';

export function toScene(x: number, y: number, h = 0, out = new Vector3()): Vector3 {
  return out.set(x, h, -y);
}

/** Length, width, height (m) of the drawn vehicle of each VehicleType (car, bus, truck, shuttle). */
export const VEHICLE_SIZES: readonly (readonly [number, number, number])[] = [
  [4.5, 1.8, 1.5],
  [12, 2.55, 3.1],
  [10, 2.5, 3.5],
  [4.8, 2.1, 2.6],
];
