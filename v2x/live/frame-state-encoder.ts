// The small fields of a live Frame (ticks, time, pedestrians, signal states, events, shuttles,
// counters, channel load), hand-encoded from the frame builder's message: the same bytes, in the
// same order, as the generated encoder writes for a Frame without vehicles, transmissions and
// deliveries (tests/live/packed-encoder.test.ts), with no allocation per field.
import type { FrameMessage } from './live-types.ts';
import { PackedWriter } from './packed-encoder.ts';

/** Scratch writer for the embedded messages (they nest one level only). */
const sub = new PackedWriter();

/** Writes Frame fields 1-3, 5-8, 11 and 12 of `m` (proto3 defaults left out, as protobufjs does). */
export function writeFrameState(w: PackedWriter, m: FrameMessage): void {
  if (m.firstTick) w.uint32(1, m.firstTick);
  if (m.lastTick) w.uint32(2, m.lastTick);
  if (m.simTime != null && !Object.is(m.simTime, 0)) w.double(3, m.simTime);
  const p = m.pedestrians;
  if (p != null) {
    sub.reset();
    if (p.ids?.length) sub.packedVarint(1, p.ids);
    if (p.x?.length) sub.packedFloats(2, p.x);
    if (p.y?.length) sub.packedFloats(3, p.y);
    if (p.walking?.length) sub.packedBools(4, p.walking);
    if (p.crosswalks?.length) sub.packedVarint(5, p.crosswalks);
    w.message(5, sub.view());
  }
  if (m.signalStates?.length) w.packedInt32(6, m.signalStates);
  for (const e of m.events ?? []) {
    sub.reset();
    if (e.key) sub.string(1, e.key);
    if (e.kind) sub.string(2, e.kind);
    if (e.laneId) sub.sint32(3, e.laneId);
    if (e.x != null && !Object.is(e.x, 0)) sub.float(4, e.x);
    if (e.y != null && !Object.is(e.y, 0)) sub.float(5, e.y);
    if (e.length != null && !Object.is(e.length, 0)) sub.float(6, e.length);
    w.message(7, sub.view());
  }
  for (const s of m.shuttles ?? []) {
    sub.reset();
    if (s.vehicleId) sub.uint32(1, s.vehicleId);
    if (s.line) sub.uint32(2, s.line);
    if (s.nextStop) sub.string(3, s.nextStop);
    if (s.doorsOpen) sub.bool(4, true);
    if (s.dwellLeft != null && !Object.is(s.dwellLeft, 0)) sub.float(5, s.dwellLeft);
    w.message(8, sub.view());
  }
  const c = m.counters;
  if (c != null) {
    sub.reset();
    if (c.enteredByType?.length) sub.packedVarint(1, c.enteredByType);
    if (c.exitedByType?.length) sub.packedVarint(2, c.exitedByType);
    if (c.pedestriansCrossed) sub.uint32(3, c.pedestriansCrossed);
    if (c.insertionBacklog) sub.uint32(4, c.insertionBacklog);
    w.message(11, sub.view());
  }
  if (m.rsuBusyRatios?.length) w.packedFloats(12, m.rsuBusyRatios);
}
