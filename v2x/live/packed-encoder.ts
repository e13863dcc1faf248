// Hand encoding of the live frame, straight from the frame builder's typed arrays and message, into
// one reused buffer. protobufjs encodes a packed repeated field element by element (one queued
// write operation, allocated, per number); at 1,000 vehicles that was most of the cost of a frame.
// Here a float array is one byte copy and a varint array one tight loop, and the small fields
// (frame-state-encoder.ts) take no allocation either, so the per-tick path of the live server and
// the recorder never enters protobufjs. The output is plain proto3 wire format, byte for byte
// what the generated encoder writes (tests/live/packed-encoder.test.ts).

import protobuf from 'protobufjs/minimal.js';

const WIRE_LEN = 2;
/** protobufjs's own UTF-8 length and writer: strings come out exactly as its encoders write them. */
const utf8 = protobuf.util.utf8 as { length(s: string): number; write(s: string, buf: Uint8Array, offset: number): number };
/** Float32Array bytes are copied as they are: the wire is little-endian, so must the host be. */
const LITTLE_ENDIAN = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

export class PackedWriter {
  private buf = new Uint8Array(64 * 1024);
  private dv = new DataView(this.buf.buffer);
  private pos = 0;

  reset(): void {
    this.pos = 0;
  }

  get length(): number {
    return this.pos;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
    this.dv = new DataView(b.buffer);
  }

  varint(v: number): void {
    this.ensure(5);
    let x = v >>> 0;
    while (x > 127) {
      this.buf[this.pos++] = (x & 127) | 128;
      x >>>= 7;
    }
    this.buf[this.pos++] = x;
  }

  /** A packed repeated float field (wire type 2, 4 bytes per element). */
  packedFloat(field: number, a: Float32Array): void {
    if (a.length === 0) return;
    this.varint((field << 3) | WIRE_LEN);
    this.varint(a.length * 4);
    this.ensure(a.length * 4);
    if (LITTLE_ENDIAN) {
      this.buf.set(new Uint8Array(a.buffer, a.byteOffset, a.length * 4), this.pos);
    } else {
      for (let i = 0; i < a.length; i++) this.dv.setFloat32(this.pos + i * 4, a[i]!, true);
    }
    this.pos += a.length * 4;
  }

  /** A packed repeated int32 / enum field from any numbers (a negative one takes 10 bytes, as protobufjs writes it). */
  packedInt32(field: number, a: ArrayLike<number>): void {
    if (a.length === 0) return;
    let bytes = 0;
    for (let i = 0; i < a.length; i++) bytes += (a[i]! | 0) < 0 ? 10 : varintSize(a[i]!);
    this.varint((field << 3) | WIRE_LEN);
    this.varint(bytes);
    this.ensure(bytes);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! | 0;
      if (v >= 0) this.varint(v);
      else this.varint64(v >>> 0, 0xffffffff);
    }
  }

  /** A packed repeated float field from any numbers (rounded to float32). */
  packedFloats(field: number, a: ArrayLike<number>): void {
    if (a.length === 0) return;
    this.varint((field << 3) | WIRE_LEN);
    this.varint(a.length * 4);
    this.ensure(a.length * 4);
    for (let i = 0; i < a.length; i++) this.dv.setFloat32(this.pos + i * 4, a[i]!, true);
    this.pos += a.length * 4;
  }

  /** A packed repeated bool field. */
  packedBools(field: number, a: ArrayLike<boolean>): void {
    if (a.length === 0) return;
    this.varint((field << 3) | WIRE_LEN);
    this.varint(a.length);
    this.ensure(a.length);
    for (let i = 0; i < a.length; i++) this.buf[this.pos++] = a[i] ? 1 : 0;
  }

  /**
   * A packed repeated uint32 / enum field (varints). One pass: the elements are written after room
   * for the largest possible length prefix, which is then written in place (the elements are
   * moved back in the rare case the prefix is shorter).
   */
  packedVarint(field: number, a: ArrayLike<number>): void {
    if (a.length === 0) return;
    this.varint((field << 3) | WIRE_LEN);
    const room = varintSize(a.length * 5);
    this.ensure(room + a.length * 5);
    const buf = this.buf;
    const start = this.pos + room;
    let p = start;
    for (let i = 0; i < a.length; i++) {
      let x = a[i]! >>> 0;
      while (x > 127) {
        buf[p++] = (x & 127) | 128;
        x >>>= 7;
      }
      buf[p++] = x;
    }
    const bytes = p - start;
    const prefix = varintSize(bytes);
    if (prefix < room) buf.copyWithin(this.pos + prefix, start, p);
    this.varint(bytes);
    this.pos += bytes;
  }

  /** A double field (wire type 1). */
  double(field: number, v: number): void {
    this.varint((field << 3) | 1);
    this.ensure(8);
    this.dv.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** A bool field. */
  bool(field: number, v: boolean): void {
    this.varint(field << 3);
    this.varint(v ? 1 : 0);
  }

  /** A sint32 field (zigzag varint). */
  sint32(field: number, v: number): void {
    this.varint(field << 3);
    this.varint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** A string field, UTF-8 as protobufjs writes it. */
  string(field: number, v: string): void {
    const n = utf8.length(v);
    this.varint((field << 3) | WIRE_LEN);
    this.varint(n);
    this.ensure(n);
    utf8.write(v, this.buf, this.pos);
    this.pos += n;
  }

  /** A 64-bit varint from its two 32-bit halves (protobufjs's algorithm). */
  private varint64(lo: number, hi: number): void {
    this.ensure(10);
    while (hi) {
      this.buf[this.pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      this.buf[this.pos++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    this.buf[this.pos++] = lo;
  }

  /** A float field (wire type 5). */
  float(field: number, v: number): void {
    this.varint((field << 3) | 5);
    this.ensure(4);
    this.dv.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  /** A varint field (wire type 0). */
  uint32(field: number, v: number): void {
    this.varint(field << 3);
    this.varint(v);
  }

  /** A length-delimited field holding `bytes` (an embedded message). */
  message(field: number, bytes: Uint8Array): void {
    this.varint((field << 3) | WIRE_LEN);
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** The bytes written so far (a view: copy or use before the next reset). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** corridor.live.v1.Vehicles from parallel typed arrays (all of length n). */
export interface VehicleArrays {
  ids: Uint32Array;
  types: Uint8Array;
  x: Float32Array;
  y: Float32Array;
  heading: Float32Array;
  speed: Float32Array;
  accel: Float32Array;
  laneIds: Uint32Array;
  stationIds: Uint32Array;
}

export function writeVehicles(w: PackedWriter, v: VehicleArrays): void {
  w.packedVarint(1, v.ids);
  w.packedVarint(2, v.types);
  w.packedFloat(3, v.x);
  w.packedFloat(4, v.y);
  w.packedFloat(5, v.heading);
  w.packedFloat(6, v.speed);
  w.packedFloat(7, v.accel);
  w.packedVarint(8, v.laneIds);
  w.packedVarint(9, v.stationIds);
}

/** corridor.live.v1.Deliveries from parallel typed arrays (all of length n). */
export interface DeliveryArrays {
  transmissions: Uint32Array;
  receiverStationIds: Uint32Array;
  latencyMs: Float32Array;
  distances: Float32Array;
}

export function writeDeliveries(w: PackedWriter, d: DeliveryArrays): void {
  w.packedVarint(1, d.transmissions);
  w.packedVarint(2, d.receiverStationIds);
  w.packedFloat(3, d.latencyMs);
  w.packedFloat(4, d.distances);
}

/** Bytes of a varint. */
export function varintSize(v: number): number {
  const x = v >>> 0;
  return x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : x < 0x10000000 ? 4 : 5;
}

/** One corridor.live.v1.Transmission. */
export interface TransmissionFields {
  family: number;
  senderStationId: number;
  x: number;
  y: number;
  tick: number;
  message: Uint8Array;
}

/**
 * Frame.transmissions (field `field`, repeated message): one length-delimited record each.
 * Proto3 scalars at their default (0, empty bytes; a float -0 is not the default) are left out,
 * as protobufjs does.
 */
export function writeTransmissions(w: PackedWriter, field: number, txs: readonly TransmissionFields[], count: number): void {
  for (let k = 0; k < count; k++) {
    const t = txs[k]!;
    const n = t.message.length;
    const len =
      (t.family !== 0 ? 1 + varintSize(t.family) : 0) +
      (t.senderStationId !== 0 ? 1 + varintSize(t.senderStationId) : 0) +
      (Object.is(t.x, 0) ? 0 : 5) +
      (Object.is(t.y, 0) ? 0 : 5) +
      (t.tick !== 0 ? 1 + varintSize(t.tick) : 0) +
      (n !== 0 ? 1 + varintSize(n) + n : 0);
    w.varint((field << 3) | WIRE_LEN);
    w.varint(len);
    if (t.family !== 0) w.uint32(1, t.family);
    if (t.senderStationId !== 0) w.uint32(2, t.senderStationId);
    if (!Object.is(t.x, 0)) w.float(3, t.x);
    if (!Object.is(t.y, 0)) w.float(4, t.y);
    if (t.tick !== 0) w.uint32(5, t.tick);
    if (n !== 0) w.message(6, t.message);
  }
}
