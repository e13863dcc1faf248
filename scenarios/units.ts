// Units of numeric fields, named in range errors ("must be <= 130 (km/h)") because a
// bare number is ambiguous: is `green: 300` too long in seconds or deciseconds?
import type { Path } from './paths.ts';

const UNIT_BY_FIELD: Record<string, string> = {
  speedLimit: 'km/h',
  limit: 'km/h',
  maxSpeed: 'km/h',
  tick: 's',
  duration: 's',
  start: 's',
  end: 's',
  begin: 's',
  green: 's',
  amber: 's',
  allRed: 's',
  pedestrianClearance: 's',
  offset: 's',
  mainGreen: 's',
  sideGreen: 's',
  leftGreen: 's',
  headway: 's',
  layover: 's',
  mean: 's',
  sd: 's',
  min: 's',
  max: 's',
  at: 'm',
  position: 'm',
  length: 'm',
  leftArm: 'm',
  rightArm: 'm',
  leftTurnPocket: 'm',
  laneWidth: 'm',
  width: 'm',
  range: 'm',
  mastHeight: 'm',
  height: 'm',
  alt: 'm',
  from: 'm',
  to: 'm',
  centreline: 'm',
  footprint: 'm',
  angle: 'degrees',
  heading: 'degrees',
  fov: 'degrees',
  lat: 'degrees',
  lon: 'degrees',
  txPowerDbm: 'dBm',
  sensitivityDbm: 'dBm',
  antennaGainDbi: 'dBi',
  vehPerHour: 'vehicles/h',
  perHour: 'pedestrians/h',
  speed: 'm/s',
  comfortAccel: 'm/s²',
  comfortDecel: 'm/s²',
  initialDensity: 'vehicles/km/lane',
};

/** The unit of the number at `path`, judged by the nearest field name (tuple items inherit it). */
export function unitOf(path: Path): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return UNIT_BY_FIELD[segment];
  }
  return undefined;
}
