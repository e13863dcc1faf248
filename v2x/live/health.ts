// Counters of accepted and rejected inputs, and the document served at GET /health.
import type { SessionState, Speed } from './events.ts';

/** Counts inputs by kind (accepted) and by reason (rejected); reasons look like `control.wrong-token`. */
export class InputCounters {
  private readonly acceptedBy = new Map<string, number>();
  private readonly rejectedBy = new Map<string, number>();

  accept(kind: string): void {
    this.acceptedBy.set(kind, (this.acceptedBy.get(kind) ?? 0) + 1);
  }

  reject(reason: string): void {
    this.rejectedBy.set(reason, (this.rejectedBy.get(reason) ?? 0) + 1);
  }

  accepted(kind: string): number {
    return this.acceptedBy.get(kind) ?? 0;
  }

  rejected(reason: string): number {
    return this.rejectedBy.get(reason) ?? 0;
  }

  snapshot(): HealthDocument['inputs'] {
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return {
      accepted: { total: sum(this.acceptedBy), byKind: sorted(this.acceptedBy) },
      rejected: { total: sum(this.rejectedBy), byReason: sorted(this.rejectedBy) },
    };
  }
}

export interface HealthDocument {
  status: 'ok';
  scenario: string;
  tick: number;
  simTime: number;
  speed: Speed;
  paused: boolean;
  ended: boolean;
  seed: number;
  rsus: string[];
  /** Connected sockets per namespace ('/viewer', '/control', '/rig'). */
  clients: Record<string, number>;
  inputs: {
    accepted: { total: number; byKind: Record<string, number> };
    rejected: { total: number; byReason: Record<string, number> };
  };
  /** Frames sent to viewers, and frames skipped because a viewer had not taken the previous one. */
  frames: { sent: number; skipped: number };
  /** Wall seconds since the server started. */
  uptime: number;
}

export function buildHealth(parts: {
  scenario: string;
  state: SessionState;
  rsus: readonly string[];
  clients: Record<string, number>;
  counters: InputCounters;
  frames: { sent: number; skipped: number };
  uptime: number;
}): HealthDocument {
  const { state } = parts;
  return {
    status: 'ok',
    scenario: parts.scenario,
    tick: state.tick,
    simTime: state.simTime,
    speed: state.speed,
    paused: state.paused,
    ended: state.ended,
    seed: state.seed,
    rsus: [...parts.rsus],
    clients: { ...parts.clients },
    inputs: parts.counters.snapshot(),
    frames: { ...parts.frames },
    uptime: parts.uptime,
  };
}
