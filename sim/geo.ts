// The one module converting between WGS84 geodetic coordinates (degrees, metres above the
// ellipsoid) and the scenario's local ENU plane (x east, y north, z up, metres) around the
// scenario origin. Exact transform via ECEF both ways (no flat-earth approximation), so a
// point 100 km away round-trips to well under a millimetre. SI only: ETSI units live in v2x/.

export interface GeoOrigin {
  /** Degrees, WGS84. */
  readonly lat: number;
  readonly lon: number;
  /** Metres above the WGS84 ellipsoid. */
  readonly alt: number;
}

export interface LocalPoint {
  x: number;
  y: number;
  z: number;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  alt: number;
}

export interface Geo {
  readonly origin: GeoOrigin;
  toLocal(lat: number, lon: number, alt?: number): LocalPoint;
  toGeo(x: number, y: number, z?: number): GeoPoint;
}

/** WGS84 semi-major axis, metres. */
export const WGS84_A = 6378137;
/** WGS84 flattening. */
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);
const B = WGS84_A * (1 - WGS84_F);
const EP2 = E2 / (1 - E2);
const DEG = Math.PI / 180;

/** Geodetic (radians, metres) to Earth-centred Earth-fixed metres. */
function toEcef(phi: number, lambda: number, h: number): [number, number, number] {
  const s = Math.sin(phi);
  const c = Math.cos(phi);
  const n = WGS84_A / Math.sqrt(1 - E2 * s * s);
  return [(n + h) * c * Math.cos(lambda), (n + h) * c * Math.sin(lambda), (n * (1 - E2) + h) * s];
}

/** ECEF metres to geodetic (radians, metres): Bowring's start, then fixed-point refinement. */
function fromEcef(X: number, Y: number, Z: number): [number, number, number] {
  const lambda = Math.atan2(Y, X);
  const p = Math.hypot(X, Y);
  // Bowring (1976) initial estimate: already sub-millimetre on the Earth's surface.
  const beta = Math.atan2(Z * WGS84_A, p * B);
  let phi = Math.atan2(Z + EP2 * B * Math.sin(beta) ** 3, p - E2 * WGS84_A * Math.cos(beta) ** 3);
  let h = 0;
  for (let i = 0; i < 8; i++) {
    const s = Math.sin(phi);
    const n = WGS84_A / Math.sqrt(1 - E2 * s * s);
    // Height from whichever of p / Z is better conditioned at this latitude.
    h = Math.abs(phi) < Math.PI / 4 ? p / Math.cos(phi) - n : Z / s - n * (1 - E2);
    const next = Math.atan2(Z, p * (1 - (E2 * n) / (n + h)));
    const done = Math.abs(next - phi) < 1e-15;
    phi = next;
    if (done) break;
  }
  const s = Math.sin(phi);
  const n = WGS84_A / Math.sqrt(1 - E2 * s * s);
  h = Math.abs(phi) < Math.PI / 4 ? p / Math.cos(phi) - n : Z / s - n * (1 - E2);
  return [phi, lambda, h];
}

export function makeGeo(origin: { lat: number; lon: number; alt?: number }): Geo {
  const o: GeoOrigin = { lat: origin.lat, lon: origin.lon, alt: origin.alt ?? 0 };
  const phi0 = o.lat * DEG;
  const lambda0 = o.lon * DEG;
  const [x0, y0, z0] = toEcef(phi0, lambda0, o.alt);
  const sp = Math.sin(phi0);
  const cp = Math.cos(phi0);
  const sl = Math.sin(lambda0);
  const cl = Math.cos(lambda0);
  return {
    origin: o,
    toLocal(lat, lon, alt = 0) {
      const [X, Y, Z] = toEcef(lat * DEG, lon * DEG, alt);
      const dx = X - x0;
      const dy = Y - y0;
      const dz = Z - z0;
      return {
        x: -sl * dx + cl * dy,
        y: -sp * cl * dx - sp * sl * dy + cp * dz,
        z: cp * cl * dx + cp * sl * dy + sp * dz,
      };
    },
    toGeo(x, y, z = 0) {
      const X = x0 - sl * x - sp * cl * y + cp * cl * z;
      const Y = y0 + cl * x - sp * sl * y + cp * sl * z;
      const Z = z0 + cp * y + sp * z;
      const [phi, lambda, h] = fromEcef(X, Y, Z);
      let lon = lambda / DEG;
      if (lon > 180) lon -= 360;
      else if (lon <= -180) lon += 360;
      return { lat: phi / DEG, lon, alt: h };
    },
  };
}
