// Vehicle classes and their Intelligent Driver Model parameters (Treiber & Kesting, "Traffic
// Flow Dynamics", table 11.2 urban values; shuttle dimensions of a Navya Arma).
export const VehicleType = { car: 0, bus: 1, truck: 2, shuttle: 3 } as const;
export type VehicleType = (typeof VehicleType)[keyof typeof VehicleType];
export const VEHICLE_TYPE_NAMES = ['car', 'bus', 'truck', 'shuttle'] as const;
export type VehicleTypeName = (typeof VEHICLE_TYPE_NAMES)[number];

export interface DriverParams {
  /** Length and width, metres. */
  readonly length: number;
  readonly width: number;
  /** Maximum acceleration a, m/s². */
  readonly accel: number;
  /** Comfortable deceleration b, m/s². */
  readonly decel: number;
  /** Emergency (physical) deceleration limit, m/s². */
  readonly maxDecel: number;
  /** Desired time headway T, s. */
  readonly headway: number;
  /** Jam distance s0, m. */
  readonly minGap: number;
  /** Desired speed as a factor of the speed limit: mean and standard deviation. */
  readonly speedFactor: number;
  readonly speedFactorSd: number;
  /** Absolute speed cap, m/s (vehicle's own limit). */
  readonly maxSpeed: number;
}

export const DRIVER_PARAMS: Record<VehicleTypeName, DriverParams> = {
  car: { length: 4.5, width: 1.8, accel: 1.5, decel: 2.0, maxDecel: 8, headway: 1.2, minGap: 2.0, speedFactor: 1.0, speedFactorSd: 0.08, maxSpeed: 50 },
  bus: { length: 12, width: 2.55, accel: 1.0, decel: 1.5, maxDecel: 6, headway: 1.5, minGap: 2.5, speedFactor: 0.95, speedFactorSd: 0.04, maxSpeed: 25 },
  truck: { length: 10, width: 2.5, accel: 0.8, decel: 1.5, maxDecel: 6, headway: 1.6, minGap: 2.5, speedFactor: 0.95, speedFactorSd: 0.05, maxSpeed: 25 },
  shuttle: { length: 4.75, width: 2.11, accel: 1.0, decel: 1.5, maxDecel: 5, headway: 1.5, minGap: 2.5, speedFactor: 1.0, speedFactorSd: 0, maxSpeed: 25 / 3.6 },
};
