// Scene conventions. The simulation's plane (x east, y north) at height h is (x, h, -y) in the
// y-up three.js scene (the layers write that mapping inline, in their hot loops); a heading (rad,
// counter-clockwise from east) is a rotation of that angle about +Y.

/** Length, width, height (m) of the drawn vehicle of each VehicleType (car, bus, truck, shuttle). */
export const VEHICLE_SIZES: readonly (readonly [number, number, number])[] = [
  [4.5, 1.8, 1.5],
  [12, 2.55, 3.1],
  [10, 2.5, 3.5],
  [4.8, 2.1, 2.6],
];
