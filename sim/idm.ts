// Intelligent Driver Model (Treiber, Hennecke, Helbing 2000). Kept as a free function of plain
// numbers so the per-vehicle loop inlines it; no objects are created per call.

/**
 * IDM acceleration.
 * @param v own speed, m/s
 * @param v0 desired speed, m/s (> 0)
 * @param gap bumper-to-bumper distance to the leader, m (Infinity on a free road)
 * @param dv approach rate v - vLeader, m/s
 */
export function idmAccel(
  v: number,
  v0: number,
  gap: number,
  dv: number,
  a: number,
  b: number,
  T: number,
  s0: number,
  bMax: number,
): number {
  const r = v / v0;
  const r2 = r * r;
  const free = 1 - r2 * r2;
  if (gap === Infinity) return a * free;
  if (gap <= 0.01) return -bMax;
  const dyn = v * T + (v * dv) / (2 * Math.sqrt(a * b));
  const sStar = s0 + (dyn > 0 ? dyn : 0);
  const q = sStar / gap;
  const acc = a * (free - q * q);
  return acc < -bMax ? -bMax : acc;
}

/** Equilibrium speed of IDM for a given gap (used to pre-populate lanes in a steady state). */
export function idmEquilibriumSpeed(gap: number, v0: number, T: number, s0: number): number {
  if (gap <= s0) return 0;
  // Solve 1 - (v/v0)^4 = ((s0 + vT)/gap)^2 by bisection: monotone in v, 40 steps is exact enough.
  let lo = 0;
  let hi = v0;
  for (let i = 0; i < 40; i++) {
    const v = (lo + hi) / 2;
    const r = v / v0;
    const lhs = 1 - r * r * r * r;
    const q = (s0 + v * T) / gap;
    if (lhs > q * q) lo = v;
    else hi = v;
  }
  return lo;
}
