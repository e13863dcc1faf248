// The hand encoder of the frame's packed arrays (v2x/live/packed-encoder.ts) writes exactly the
// bytes the generated protobufjs encoder writes, for any arrays, and they decode back to them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveProto } from '../../v2x/live/live-types.ts';
import { PackedWriter, writeDeliveries, writeTransmissions, writeVehicles, type DeliveryArrays, type VehicleArrays } from '../../v2x/live/packed-encoder.ts';
import { writeFrameState } from '../../v2x/live/frame-state-encoder.ts';

const f32 = fc.float({ noDefaultInfinity: false }).map((x) => Math.fround(x));
const u32 = fc.nat({ max: 0xffffffff });

const vehicles = fc.integer({ min: 0, max: 300 }).chain((n) =>
  fc.record({
    ids: fc.array(u32, { minLength: n, maxLength: n }).map((a) => Uint32Array.from(a)),
    types: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }).map((a) => Uint8Array.from(a)),
    x: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    y: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    heading: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    speed: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    accel: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    laneIds: fc.array(u32, { minLength: n, maxLength: n }).map((a) => Uint32Array.from(a)),
    stationIds: fc.array(u32, { minLength: n, maxLength: n }).map((a) => Uint32Array.from(a)),
  }),
);

const deliveries = fc.integer({ min: 0, max: 300 }).chain((n) =>
  fc.record({
    transmissions: fc.array(u32, { minLength: n, maxLength: n }).map((a) => Uint32Array.from(a)),
    receiverStationIds: fc.array(u32, { minLength: n, maxLength: n }).map((a) => Uint32Array.from(a)),
    latencyMs: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    distances: fc.array(f32, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
  }),
);

const plain = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));

describe('packed encoder', () => {
  it('writes Vehicles exactly as protobufjs does, and they decode back', () => {
    const w = new PackedWriter();
    fc.assert(
      fc.property(vehicles, (v: VehicleArrays) => {
        w.reset();
        writeVehicles(w, v);
        const mine = w.view().slice();
        expect(Array.from(mine)).toEqual(Array.from(LiveProto.Vehicles.encode(plain(v)).finish()));
        const back = LiveProto.Vehicles.decode(mine);
        expect(Array.from(back.ids ?? [])).toEqual(Array.from(v.ids));
        expect(Array.from(back.x ?? [])).toEqual(Array.from(v.x));
      }),
      { numRuns: 200 },
    );
  });

  it('writes Deliveries exactly as protobufjs does', () => {
    const w = new PackedWriter();
    fc.assert(
      fc.property(deliveries, (d: DeliveryArrays) => {
        w.reset();
        writeDeliveries(w, d);
        expect(Array.from(w.view())).toEqual(Array.from(LiveProto.Deliveries.encode(plain(d)).finish()));
      }),
      { numRuns: 200 },
    );
  });

  it('writes a frame\'s transmissions exactly as protobufjs does', () => {
    const tx = fc.record({
      family: fc.integer({ min: 0, max: 7 }),
      senderStationId: u32,
      x: f32,
      y: f32,
      tick: u32,
      message: fc.uint8Array({ maxLength: 400 }),
    });
    const w = new PackedWriter();
    fc.assert(
      fc.property(fc.array(tx, { maxLength: 30 }), (txs) => {
        w.reset();
        writeTransmissions(w, 9, txs, txs.length);
        expect(Array.from(w.view())).toEqual(Array.from(LiveProto.Frame.encode({ transmissions: txs }).finish()));
      }),
      { numRuns: 200 },
    );
  });

  it('grows its buffer for large frames (10,000 vehicles)', () => {
    const n = 10_000;
    const v: VehicleArrays = {
      ids: Uint32Array.from({ length: n }, (_, i) => i * 7919),
      types: new Uint8Array(n).fill(3),
      x: Float32Array.from({ length: n }, (_, i) => i * 0.5),
      y: new Float32Array(n).fill(-1.25),
      heading: new Float32Array(n),
      speed: new Float32Array(n).fill(13.9),
      accel: new Float32Array(n),
      laneIds: new Uint32Array(n).fill(300),
      stationIds: Uint32Array.from({ length: n }, (_, i) => 100_000 + i),
    };
    const w = new PackedWriter();
    writeVehicles(w, v);
    expect(Array.from(w.view())).toEqual(Array.from(LiveProto.Vehicles.encode(plain(v)).finish()));
  });
});

const text = fc.oneof(fc.string(), fc.constantFrom('', 'arrêt-mairie', 'roadworks', 'été 🚌'));
const frameState = fc.record(
  {
    firstTick: u32,
    lastTick: u32,
    simTime: fc.oneof(fc.constant(0), fc.double({ noNaN: true })),
    pedestrians: fc.option(
      fc.record({ ids: fc.array(u32, { maxLength: 20 }), x: fc.array(f32, { maxLength: 20 }), y: fc.array(f32, { maxLength: 20 }), walking: fc.array(fc.boolean(), { maxLength: 20 }), crosswalks: fc.array(u32, { maxLength: 20 }) }),
      { nil: null },
    ),
    signalStates: fc.array(fc.integer({ min: -3, max: 8 }), { maxLength: 60 }),
    events: fc.array(fc.record({ key: text, kind: text, laneId: fc.integer({ min: -1, max: 5000 }), x: f32, y: f32, length: fc.oneof(fc.constant(0), f32) }), { maxLength: 4 }),
    shuttles: fc.array(fc.record({ vehicleId: u32, line: fc.nat(5), nextStop: text, doorsOpen: fc.boolean(), dwellLeft: fc.oneof(fc.constant(0), f32) }), { maxLength: 4 }),
    counters: fc.option(fc.record({ enteredByType: fc.array(u32, { maxLength: 4 }), exitedByType: fc.array(u32, { maxLength: 4 }), pedestriansCrossed: u32, insertionBacklog: u32 }), { nil: null }),
    rsuBusyRatios: fc.array(f32, { maxLength: 8 }),
  },
  { requiredKeys: [] },
);

describe('frame state encoder', () => {
  it('writes the small Frame fields exactly as protobufjs does, and they decode back', () => {
    const w = new PackedWriter();
    fc.assert(
      fc.property(frameState, (m) => {
        w.reset();
        writeFrameState(w, m);
        const mine = w.view().slice();
        expect(Array.from(mine)).toEqual(Array.from(LiveProto.Frame.encode(m).finish()));
        const back = LiveProto.Frame.decode(mine);
        expect(back.lastTick ?? 0).toBe(m.lastTick ?? 0);
        expect((back.events ?? []).map((e) => e.key ?? '')).toEqual((m.events ?? []).map((e) => e.key));
      }),
      { numRuns: 300 },
    );
  });
});
