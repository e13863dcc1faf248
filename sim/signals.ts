// Fixed-time signal plans: a group's state is a pure function of simulation time, the plan and
// whether the controller is dark (signal failure). Nothing is integrated, so there is no drift.
import type { Controller, Network } from './network.ts';

export const SignalState = {
  /** Signals out of order: the junction falls back to priority rules. */
  dark: 0,
  red: 1,
  green: 2,
  amber: 3,
  /** Pedestrian clearance: do not start crossing (flashing green / red man in France). */
  pedestrianClearance: 4,
} as const;
export type SignalState = (typeof SignalState)[keyof typeof SignalState];
export const SIGNAL_STATE_NAMES = ['dark', 'red', 'green', 'amber', 'pedestrianClearance'] as const;

/** Seconds into the cycle at time t (the plan's first phase starts at t = offset). */
export function cycleTime(c: Controller, t: number): number {
  const x = (t - c.offset) % c.cycle;
  return x < 0 ? x + c.cycle : x;
}

/** State of group `g` of controller `c` at cycle time `tc`, with the time left in that state. */
export function groupStateAt(
  net: Network,
  c: Controller,
  g: number,
  tc: number,
): { state: SignalState; remaining: number } {
  // Walk the cycle twice so a state spanning the cycle's end reports its true remaining time.
  // Each phase shows the group up to three states in a row (green, amber or clearance, red);
  // they are taken from locals, not arrays: this runs for every signal group several times a tick.
  const pedestrian = net.groups[g]!.kind === 'pedestrian';
  let state: SignalState | undefined;
  let remaining = 0;
  let t0 = 0;
  for (let lap = 0; lap < 2; lap++) {
    for (const p of c.phases) {
      const on = p.groups.includes(g as never);
      let n: number;
      let s0: SignalState, d0: number, s1: SignalState, d1: number, s2: SignalState, d2: number;
      if (!on) {
        n = 1;
        s0 = SignalState.red;
        d0 = p.green + p.amber + p.allRed;
        s1 = s2 = SignalState.red;
        d1 = d2 = 0;
      } else if (pedestrian) {
        n = 3;
        s0 = SignalState.green;
        d0 = Math.max(0, p.green - p.pedestrianClearance);
        s1 = SignalState.pedestrianClearance;
        d1 = Math.min(p.green, p.pedestrianClearance);
        s2 = SignalState.red;
        d2 = p.amber + p.allRed;
      } else {
        n = 3;
        s0 = SignalState.green;
        d0 = p.green;
        s1 = SignalState.amber;
        d1 = p.amber;
        s2 = SignalState.red;
        d2 = p.allRed;
      }
      for (let k = 0; k < n; k++) {
        const s = k === 0 ? s0 : k === 1 ? s1 : s2;
        const d = k === 0 ? d0 : k === 1 ? d1 : d2;
        if (d <= 0) continue;
        const t1 = t0 + d;
        if (state === undefined) {
          if (tc >= t0 && tc < t1) {
            state = s;
            remaining = t1 - tc;
          }
        } else if (s === state) {
          remaining += d;
        } else {
          return { state, remaining };
        }
        t0 = t1;
      }
    }
  }
  return { state: state ?? SignalState.red, remaining };
}

/** Fills `out[g]` with the state of every signal group at time t. `dark[c]` = 1 when controller c has failed. */
export function computeSignalStates(net: Network, t: number, dark: Uint8Array, out: Uint8Array): void {
  for (const c of net.controllers) {
    if (dark[c.id]) {
      for (const g of c.groups) out[g] = SignalState.dark;
      continue;
    }
    const tc = cycleTime(c, t);
    // Find the active phase and position within it once, then set every group.
    let t0 = 0;
    let phase = c.phases[0]!;
    for (const p of c.phases) {
      const d = p.green + p.amber + p.allRed;
      if (tc < t0 + d) {
        phase = p;
        break;
      }
      t0 += d;
    }
    const inPhase = tc - t0;
    for (const g of c.groups) {
      if (!phase.groups.includes(g)) {
        out[g] = SignalState.red;
        continue;
      }
      const pedestrian = net.groups[g]!.kind === 'pedestrian';
      if (inPhase < phase.green) {
        out[g] = pedestrian && inPhase >= phase.green - phase.pedestrianClearance ? SignalState.pedestrianClearance : SignalState.green;
      } else if (inPhase < phase.green + phase.amber && !pedestrian) {
        out[g] = SignalState.amber;
      } else {
        out[g] = SignalState.red;
      }
    }
  }
}
