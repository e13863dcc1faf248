// Decoding of the live stream's Snapshot and Frame into plain objects (every field present,
// lists as arrays, enums as numbers). Isomorphic: no Node or simulation imports, so the browser
// viewer, the recorder and the tests share it.
import { LiveProto, type LiveFrame, type LiveSnapshot } from './live-types.ts';

/** A decoded message as a plain object: inherited defaults copied, lists as fresh arrays. */
function plain(m: unknown): unknown {
  if (m === null || typeof m !== 'object') return m;
  if (m instanceof Uint8Array) return m;
  if (Array.isArray(m)) return m.map(plain);
  const out: Record<string, unknown> = {};
  for (const k in m) {
    if (k === '$unknowns') continue;
    const v = (m as Record<string, unknown>)[k];
    if (typeof v === 'function') continue;
    out[k] = plain(v);
  }
  return out;
}

const EMPTY_FRAME_PARTS = () => ({
  vehicles: { ids: [], types: [], x: [], y: [], heading: [], speed: [], accel: [], laneIds: [], stationIds: [] },
  pedestrians: { ids: [], x: [], y: [], walking: [], crosswalks: [] },
  deliveries: { transmissions: [], receiverStationIds: [], latencyMs: [], distances: [] },
  counters: { enteredByType: [], exitedByType: [], pedestriansCrossed: 0, insertionBacklog: 0 },
});

function completeFrame(f: Record<string, unknown>): LiveFrame {
  for (const [k, v] of Object.entries(EMPTY_FRAME_PARTS())) if (f[k] == null) f[k] = v;
  return f as unknown as LiveFrame;
}

/** Decodes a Frame into a plain object (numbers, arrays, every field present). */
export function decodeFrame(bytes: Uint8Array): LiveFrame {
  return completeFrame(plain(LiveProto.Frame.decode(bytes)) as Record<string, unknown>);
}

/** Decodes a Snapshot into a plain object (numbers, arrays, every field present). */
export function decodeSnapshot(bytes: Uint8Array): LiveSnapshot {
  const s = plain(LiveProto.Snapshot.decode(bytes)) as Record<string, unknown>;
  s.state = completeFrame((s.state ?? { firstTick: 0, lastTick: 0, simTime: 0, signalStates: [], events: [], shuttles: [], transmissions: [], rsuBusyRatios: [] }) as Record<string, unknown>);
  if (s.scenario == null) s.scenario = plain(LiveProto.ScenarioInfo.decode(new Uint8Array(0)));
  return s as unknown as LiveSnapshot;
}
