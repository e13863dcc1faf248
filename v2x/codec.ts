// Encoding and decoding of corridor.v2x.v1.ItsMessage: protobuf binary (the generated
// protobufjs static code in v2x/generated/) and the proto3 JSON mapping (driven by the field
// table v2x/generated/schema.ts), accepted interchangeably wherever messages enter Corridor.
//
// Every entry point checks the envelope: a header, exactly one payload, and header.messageId
// naming that payload. Malformed input of any kind (truncated or garbage bytes, invalid JSON,
// unknown fields, wrong types) throws a CodecError saying what and where; nothing else escapes.
// Field ranges are not checked here: that is v2x/validate.ts (or `parseItsMessageInput(input,
// { validate: true })`).
//
// Numbers: TimestampIts fields are proto uint64; this codec hands them out as plain JS numbers
// (exact: TimestampIts < 2^42), never as Long objects. Decoded messages are protobufjs message
// instances: fields left at their default (0, false, empty list, null) are inherited from the
// prototype, so read them normally, but use itsMessageToJson (not JSON.stringify or a spread)
// to copy or serialise one.
import protobuf from 'protobufjs/minimal.js';
import { corridor } from './generated/corridor_v2x_v1.js';
import { ENUMS, MESSAGES, type FieldSpec, type MessageSpec } from './generated/schema.ts';
import { MessageId, PAYLOAD_KINDS, payloadKindsOf, type ItsMessage } from './message-types.ts';
import { formatIssue, validateItsMessage, type ValidationIssue } from './validate.ts';

/** A message that cannot be decoded, parsed or encoded; `path` locates the culprit when known. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  constructor(
    message: string,
    /** Field path (`cam.camParameters.basicContainer`), when the error concerns one field. */
    readonly path?: string,
    /** The range issues, when `parseItsMessageInput(..., { validate: true })` rejected the message. */
    readonly issues?: readonly ValidationIssue[],
  ) {
    super(message);
  }
}

const ItsMessageType = corridor.v2x.v1.ItsMessage;

// ---- uint64 as plain numbers ----------------------------------------------------------------------

/**
 * A protobufjs Reader whose uint64 reads give JS numbers (exact below 2^53) instead of Long
 * objects, without allocating. The generated decoders only call `reader.uint64()`.
 */
class NumberReader extends protobuf.Reader {}
function readUint64AsNumber(this: protobuf.Reader): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (this.pos >= this.len) throw new RangeError(`index out of range: ${this.pos} + 1 > ${this.len}`);
    const b = this.buf[this.pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
  throw new Error('invalid varint encoding');
}
Object.defineProperty(NumberReader.prototype, 'uint64', { value: readUint64AsNumber, writable: true, configurable: true });

/** The generated message classes by table name (`Speed`, `RsCode.Code`). */
function messageClass(name: string): { prototype: Record<string, unknown> } | undefined {
  let obj: unknown = corridor.v2x.v1;
  for (const part of name.split('.')) obj = (obj as Record<string, unknown> | undefined)?.[part];
  return obj as { prototype: Record<string, unknown> } | undefined;
}

// The generated prototypes default plain uint64 fields to a Long zero when the `long` package is
// present (it is, through protobufjs); decoded messages read absent fields from there. Make
// that default the number 0, like every other scalar.
for (const [name, spec] of Object.entries(MESSAGES)) {
  for (const f of spec.fields) {
    if (f.kind !== 'uint64' || f.repeated || f.optional || f.oneof) continue;
    const proto = messageClass(name)?.prototype;
    if (proto && typeof proto[f.name] === 'object' && proto[f.name] !== null) proto[f.name] = 0;
  }
}

// ---- Envelope ----------------------------------------------------------------------------------

function checkEnvelope(msg: ItsMessage, source: string): ItsMessage {
  const header = msg.header;
  if (header === undefined || header === null) throw new CodecError(`${source}: ItsMessage without header`, 'header');
  const kinds = payloadKindsOf(msg);
  if (kinds.length === 0) throw new CodecError(`${source}: ItsMessage without payload (one of ${PAYLOAD_KINDS.join(', ')})`, 'payload');
  if (kinds.length > 1) throw new CodecError(`${source}: ItsMessage with several payloads (${kinds.join(', ')}); exactly one allowed`, 'payload');
  const kind = kinds[0]!;
  const messageId = header.messageId ?? 0;
  if (messageId !== MessageId[kind]) {
    throw new CodecError(
      `${source}: header.messageId ${messageId} does not match the ${kind} payload (messageId ${MessageId[kind]})`,
      'header.messageId',
    );
  }
  return msg;
}

// ---- Binary ------------------------------------------------------------------------------------

/**
 * Protobuf binary encoding of an ItsMessage. Checks the envelope (header, one payload, matching
 * messageId), not the field ranges.
 *
 * The result is a plain Uint8Array (not a Node Buffer, so `slice()` copies). Like all protobufjs
 * output it is a view into a shared 8 KB slab: use `byteOffset` / `byteLength` with `.buffer`.
 */
export function encodeItsMessage(msg: ItsMessage): Uint8Array {
  checkEnvelope(msg, 'encode');
  try {
    return ItsMessageType.encode(msg, new protobuf.Writer()).finish();
  } catch (err) {
    throw new CodecError(`encode: ${(err as Error).message}`);
  }
}

/** Decodes protobuf binary into an ItsMessage; throws CodecError on malformed bytes or a bad envelope. */
export function decodeItsMessage(bytes: Uint8Array): ItsMessage {
  if (!(bytes instanceof Uint8Array)) throw new CodecError(`decode: expected a Uint8Array, got ${describe(bytes)}`);
  let msg: ItsMessage;
  try {
    msg = ItsMessageType.decode(new NumberReader(bytes));
  } catch (err) {
    throw new CodecError(`decode: malformed protobuf (${bytes.length} bytes): ${(err as Error).message}`);
  }
  return checkEnvelope(msg, 'decode');
}

// ---- JSON (proto3 JSON mapping) ------------------------------------------------------------------

/** A JSON value as produced by itsMessageToJson (JSON.stringify-ready). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const fieldIndexes = new Map<string, Map<string, FieldSpec>>();
function fieldIndex(typeName: string, spec: MessageSpec): Map<string, FieldSpec> {
  let index = fieldIndexes.get(typeName);
  if (!index) {
    index = new Map(spec.fields.map((f) => [f.name, f]));
    fieldIndexes.set(typeName, index);
  }
  return index;
}

const enumNames = new Map<string, Map<number, string>>();
function enumName(type: string, value: number): string | number {
  let names = enumNames.get(type);
  if (!names) {
    names = new Map(Object.entries(ENUMS[type] ?? {}).map(([name, n]) => [n, name]));
    enumNames.set(type, names);
  }
  return names.get(value) ?? value;
}

const INT_LIMITS: Record<string, readonly [number, number]> = {
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return value instanceof Uint8Array ? 'bytes' : 'an object';
  return `${typeof value} ${String(value)}`;
}

function jsonError(path: string, message: string): CodecError {
  return new CodecError(`JSON ${path === '' ? '(root)' : path}: ${message}`, path);
}

function scalarFromJson(f: FieldSpec, raw: unknown, path: string): unknown {
  switch (f.kind) {
    case 'sint32':
    case 'uint32':
    case 'uint64': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) n = Number(raw.trim());
      else throw jsonError(path, `expected an integer, got ${describe(raw)}`);
      const [lo, hi] = INT_LIMITS[f.kind]!;
      if (!Number.isInteger(n)) throw jsonError(path, `expected an integer, got ${describe(raw)}`);
      if (n < lo || n > hi) throw jsonError(path, `${raw} does not fit ${f.kind}`);
      return n;
    }
    case 'enum': {
      const values = ENUMS[f.type!]!;
      if (typeof raw === 'string') {
        const n = values[raw];
        if (n === undefined) throw jsonError(path, `unknown ${f.type} value ${JSON.stringify(raw)}`);
        return n;
      }
      if (typeof raw === 'number' && Number.isInteger(raw) && Math.abs(raw) < 2 ** 31) return raw;
      throw jsonError(path, `expected a ${f.type} name or number, got ${describe(raw)}`);
    }
    case 'bool':
      if (typeof raw !== 'boolean') throw jsonError(path, `expected true or false, got ${describe(raw)}`);
      return raw;
    case 'string':
      if (typeof raw !== 'string') throw jsonError(path, `expected a string, got ${describe(raw)}`);
      return raw;
    case 'message':
      return messageFromJson(f.type!, raw, path);
  }
}

function messageFromJson(typeName: string, json: unknown, path: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw jsonError(path, `expected an object (${typeName}), got ${describe(json)}`);
  }
  const spec = MESSAGES[typeName]!;
  const index = fieldIndex(typeName, spec);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(json)) {
    const p = join(path, key);
    const f = index.get(key);
    if (!f) throw jsonError(p, `unknown field of ${typeName} (fields: ${spec.fields.map((x) => x.name).join(', ')})`);
    if (raw === null) continue; // proto3 JSON: null means the default
    if (f.repeated) {
      if (!Array.isArray(raw)) throw jsonError(p, `expected a list, got ${describe(raw)}`);
      out[f.name] = raw.map((element, i) => {
        if (element === null) throw jsonError(`${p}[${i}]`, 'null is not allowed in a list');
        return scalarFromJson(f, element, `${p}[${i}]`);
      });
    } else {
      out[f.name] = scalarFromJson(f, raw, p);
    }
  }
  for (const oneof of spec.oneofs) {
    const set = oneof.fields.filter((name) => out[name] !== undefined);
    if (set.length > 1) throw jsonError(path, `several alternatives of ${oneof.name} set (${set.join(', ')}); exactly one allowed`);
  }
  return out;
}

/**
 * Parses the proto3 JSON mapping of an ItsMessage (field names as in the .proto, enums by name
 * or number, 64-bit integers as strings or numbers, null = absent). Unknown fields are rejected.
 */
export function itsMessageFromJson(json: unknown): ItsMessage {
  return checkEnvelope(messageFromJson('ItsMessage', json, '') as ItsMessage, 'JSON');
}

function isDefault(v: unknown): boolean {
  return v === 0 || v === false || v === '';
}

function valueToJson(f: FieldSpec, v: unknown): JsonValue {
  switch (f.kind) {
    case 'uint64':
      return String(v);
    case 'enum':
      return enumName(f.type!, v as number);
    case 'message':
      return messageToJson(f.type!, v as Record<string, unknown>);
    default:
      return v as JsonValue;
  }
}

function messageToJson(typeName: string, msg: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const f of MESSAGES[typeName]!.fields) {
    const v = msg[f.name];
    if (v === undefined || v === null) continue;
    if (f.repeated) {
      const list = v as unknown[];
      if (list.length > 0) out[f.name] = list.map((e) => valueToJson(f, e));
    } else if (f.kind === 'message' || f.optional || f.oneof || !isDefault(v)) {
      out[f.name] = valueToJson(f, v);
    }
  }
  return out;
}

/**
 * The proto3 JSON mapping of an ItsMessage, as protoc's printer writes it: fields at their
 * default omitted, enums by name, TimestampIts (uint64) as decimal strings.
 */
export function itsMessageToJson(msg: ItsMessage): JsonObject {
  return messageToJson('ItsMessage', msg as Record<string, unknown>);
}

// ---- Any input -----------------------------------------------------------------------------------

export interface ParseOptions {
  /** Also check every field's ETSI range (v2x/validate.ts); a CodecError lists the issues. */
  validate?: boolean;
}

/**
 * An ItsMessage from whatever a rig, recording or socket delivers: protobuf binary
 * (Uint8Array, Buffer or ArrayBuffer), JSON text, or an already parsed JSON object.
 */
export function parseItsMessageInput(input: Uint8Array | ArrayBuffer | string | object, options: ParseOptions = {}): ItsMessage {
  let msg: ItsMessage;
  if (input instanceof Uint8Array) msg = decodeItsMessage(input);
  else if (input instanceof ArrayBuffer) msg = decodeItsMessage(new Uint8Array(input));
  else if (typeof input === 'string') {
    let json: unknown;
    try {
      json = JSON.parse(input);
    } catch (err) {
      throw new CodecError(`JSON: not valid JSON text: ${(err as Error).message}`);
    }
    msg = itsMessageFromJson(json);
  } else if (typeof input === 'object' && input !== null) msg = itsMessageFromJson(input);
  else throw new CodecError(`expected protobuf bytes, JSON text or a JSON object, got ${describe(input)}`);
  if (options.validate) {
    const issues = validateItsMessage(msg);
    if (issues.length > 0) {
      const shown = issues.slice(0, 5).map(formatIssue).join('; ');
      const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
      throw new CodecError(`invalid ItsMessage: ${shown}${more}`, issues[0]!.path, issues);
    }
  }
  return msg;
}
