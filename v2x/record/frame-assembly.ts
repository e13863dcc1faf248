// Puts the viewer's frame of a recorded tick back together. A recording keeps each datum once
// (docs/recording.md): /sim/frame holds the world state, the tick's transmissions are on the
// family topics (/v2x/cam, ...) and its receptions on /v2x/deliveries. The live frame of a tick
// is state ++ transmissions (field 9) ++ deliveries (field 10) — frame-builder.ts writes them in
// that order — so appending the two re-encoded parts gives the bytes the live server sent.
// Isomorphic (the replay server and the browser viewer's dropped-file player).
import protobuf from 'protobufjs/minimal.js';
import { PackedWriter, writeTransmissions, type TransmissionFields } from '../live/packed-encoder.ts';

/** One recorded V2xTransmission of the tick, with its family's MessageFamily number. */
export interface RecordedTransmission {
  readonly family: number;
  readonly record: Uint8Array;
}

const writer = new PackedWriter();

/**
 * The complete Frame of a tick: its recorded state, its transmissions (V2xTransmission records, in
 * any order: their `index` orders them) and its TickDeliveries record (undefined: none received).
 */
export function assembleFrame(state: Uint8Array, transmissions: readonly RecordedTransmission[], deliveries: Uint8Array | undefined): Uint8Array {
  const txs = transmissions.map(decodeTransmission).sort((a, b) => a.index - b.index);
  const w = writer;
  w.reset();
  writeTransmissions(w, 9, txs, txs.length);
  w.message(10, deliveries ? deliveriesOf(deliveries) : EMPTY);
  const tail = w.view();
  const out = new Uint8Array(state.length + tail.length);
  out.set(state);
  out.set(tail, state.length);
  return out;
}

const EMPTY = new Uint8Array(0);

function decodeTransmission(t: RecordedTransmission): TransmissionFields & { index: number } {
  const r = protobuf.Reader.create(t.record);
  const out = { family: t.family, senderStationId: 0, x: 0, y: 0, tick: 0, message: EMPTY as Uint8Array, index: 0 };
  while (r.pos < r.len) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        out.tick = r.uint32();
        break;
      case 2:
        out.index = r.uint32();
        break;
      case 3:
        out.senderStationId = r.uint32();
        break;
      case 4:
        out.x = r.float();
        break;
      case 5:
        out.y = r.float();
        break;
      case 6:
        out.message = r.bytes();
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  return out;
}

/** The Deliveries message (field 2) of a TickDeliveries record. */
function deliveriesOf(record: Uint8Array): Uint8Array {
  const r = protobuf.Reader.create(record);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 2 && (tag & 7) === 2) return r.bytes();
    r.skipType(tag & 7);
  }
  return EMPTY;
}
