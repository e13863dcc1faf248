// Round trips of every message type through v2x/codec.ts (binary and proto3 JSON), conformance of
// the JSON mapping with protobufjs's own ProtoJSON implementation, the validator's range checks
// on arbitrary messages, and robustness against malformed input. Arbitrary messages are drawn
// from the field table (v2x/generated/schema.ts): every field within its ETSI range, every list
// within its size, optional parts present or not, one alternative per CHOICE.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decodeItsMessage,
  encodeItsMessage,
  itsMessageFromJson,
  itsMessageToJson,
  parseItsMessageInput,
} from '../../v2x/codec.ts';
import { sampleShuttleCam } from '../../v2x/codec-bench.ts';
import { ENUMS, MESSAGES, type FieldSpec } from '../../v2x/generated/schema.ts';
import { MessageId, PAYLOAD_KINDS, itsMessage, type ItsMessage, type PayloadKind, type PayloadTypes } from '../../v2x/message-types.ts';
import { formatIssue, validateItsMessage } from '../../v2x/validate.ts';

type Obj = Record<string, unknown>;

// ---- Arbitrary messages from the field table ------------------------------------------------------

/** Lists get at most this many elements beyond their minimum, to keep messages small. */
const EXTRA_ELEMENTS = 2;
const PAYLOAD_TYPE: Record<PayloadKind, string> = {
  cam: 'CamPayload',
  denm: 'DenmPayload',
  spatem: 'Spat',
  mapem: 'MapData',
  ivim: 'IviStructure',
  cpm: 'CpmPayload',
  vam: 'VruAwareness',
};

function arbValue(f: FieldSpec): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'sint32':
    case 'uint32':
    case 'uint64':
      return fc.integer({ min: f.min!, max: f.max! });
    case 'enum': {
      const values = Object.values(ENUMS[f.type!]!).filter((v) => f.min === undefined || (v >= f.min && v <= f.max!));
      return fc.constantFrom(...values);
    }
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.string({ unit: 'grapheme-ascii', minLength: f.minLength!, maxLength: Math.min(f.maxLength!, 12) });
    case 'message':
      return arbMessage(f.type!);
  }
}

const messageArbs = new Map<string, fc.Arbitrary<Obj>>();
function arbMessage(typeName: string): fc.Arbitrary<Obj> {
  const cached = messageArbs.get(typeName);
  if (cached) return cached;
  const spec = MESSAGES[typeName]!;
  const plain: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of spec.fields) {
    if (f.oneof) continue;
    if (f.repeated) plain[f.name] = fc.array(arbValue(f), { minLength: f.minSize!, maxLength: Math.min(f.maxSize!, f.minSize! + EXTRA_ELEMENTS) });
    else if (f.optional) plain[f.name] = fc.option(arbValue(f), { nil: undefined });
    else plain[f.name] = arbValue(f);
  }
  const choices = spec.oneofs.map((oneof) =>
    fc.oneof(...oneof.fields.map((name) => arbValue(spec.fields.find((f) => f.name === name)!).map((v) => ({ [name]: v })))),
  );
  const arb = fc.tuple(fc.record(plain), ...choices).map(([fields, ...alternatives]) => {
    const out: Obj = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
    for (const alt of alternatives) Object.assign(out, alt);
    return out;
  });
  messageArbs.set(typeName, arb);
  return arb;
}

const CPM_IDS: Record<string, number> = {
  originatingVehicleContainer: 1,
  originatingRsuContainer: 2,
  sensorInformationContainer: 3,
  perceivedObjectContainer: 5,
};

/** Valid payloads also respect the cross-field constraints the ASN.1 states. */
function arbPayload(kind: PayloadKind): fc.Arbitrary<Obj> {
  if (kind === 'denm') {
    return fc
      .tuple(arbMessage('DenmPayload'), arbMessage('SituationContainer'), arbMessage('LocationContainer'))
      .map(([denm, situation, location]) => {
        const management = denm.management as Obj;
        if (management.termination !== undefined) return { management };
        return { ...denm, situation: denm.situation ?? situation, location: denm.location ?? location };
      });
  }
  if (kind === 'cpm') {
    return arbMessage('CpmPayload').map((cpm) => {
      let origin: string | undefined;
      const cpmContainers = (cpm.cpmContainers as Obj[])
        .map((c) => {
          const content = Object.keys(CPM_IDS).find((k) => c[k] !== undefined)!;
          if (content === 'originatingVehicleContainer' || content === 'originatingRsuContainer') {
            if (origin !== undefined && origin !== content) return undefined;
            origin = content;
          }
          return { ...c, containerId: CPM_IDS[content] };
        })
        .filter((c) => c !== undefined);
      return { ...cpm, cpmContainers };
    });
  }
  return arbMessage(PAYLOAD_TYPE[kind]);
}

function arbItsMessage(kind: PayloadKind): fc.Arbitrary<ItsMessage> {
  return fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), arbPayload(kind))
    .map(([stationId, payload]) => itsMessage(kind, stationId, payload as PayloadTypes[typeof kind]));
}

const arbAnyItsMessage = fc.oneof(...PAYLOAD_KINDS.map(arbItsMessage));

// ---- Canonical form for comparisons (independent of the codec's JSON code) -------------------------

/** Every field with its value or its proto3 default; absent messages and optionals as null. */
function canonical(typeName: string, msg: Obj): Obj {
  const out: Obj = {};
  for (const f of MESSAGES[typeName]!.fields) {
    const v = msg[f.name];
    if (f.repeated) out[f.name] = ((v as unknown[] | undefined) ?? []).map((e) => (f.kind === 'message' ? canonical(f.type!, e as Obj) : e));
    else if (v === undefined || v === null) out[f.name] = f.kind === 'message' || f.optional || f.oneof ? null : f.kind === 'bool' ? false : f.kind === 'string' ? '' : 0;
    else out[f.name] = f.kind === 'message' ? canonical(f.type!, v as Obj) : v;
  }
  return out;
}
const canon = (m: ItsMessage) => canonical('ItsMessage', m as Obj);

// ---- Reflection root: protobufjs's own reading of the .proto files --------------------------------

function loadReflection(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join('v2x', 'proto', target);
  const dir = join('v2x', 'proto', 'corridor', 'v2x', 'v1');
  root.loadSync(readdirSync(dir).map((f) => `corridor/v2x/v1/${f}`), { alternateCommentMode: true });
  root.resolveAll();
  return root.lookupType('corridor.v2x.v1.ItsMessage');
}
const reflectedItsMessage = loadReflection();

// ---- Tests -----------------------------------------------------------------------------------

describe.each(PAYLOAD_KINDS)('%s', (kind) => {
  it('arbitrary valid messages pass the validator', () => {
    fc.assert(
      fc.property(arbItsMessage(kind), (m) => {
        expect(validateItsMessage(m).map(formatIssue)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('binary round trip keeps every field', () => {
    fc.assert(
      fc.property(arbItsMessage(kind), (m) => {
        const decoded = decodeItsMessage(encodeItsMessage(m));
        expect(canon(decoded)).toEqual(canon(m));
        expect(validateItsMessage(decoded)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('JSON round trip (through JSON text) keeps every field', () => {
    fc.assert(
      fc.property(arbItsMessage(kind), (m) => {
        const text = JSON.stringify(itsMessageToJson(m));
        expect(canon(itsMessageFromJson(JSON.parse(text)))).toEqual(canon(m));
        expect(canon(parseItsMessageInput(text))).toEqual(canon(m));
      }),
      { numRuns: 150 },
    );
  });

  it('JSON mapping matches protobufjs ProtoJSON (both directions)', () => {
    fc.assert(
      fc.property(arbItsMessage(kind), (m) => {
        const ours = itsMessageToJson(m);
        expect(ours).toEqual(protojson.toJson(reflectedItsMessage, m as Obj));
        const theirs = protojson.fromJson(reflectedItsMessage, ours);
        const back = reflectedItsMessage.toObject(theirs, { longs: Number });
        expect(canon(back as ItsMessage)).toEqual(canon(m));
      }),
      { numRuns: 100 },
    );
  });

  it('a decoded message serialises to the same JSON as the original', () => {
    fc.assert(
      fc.property(arbItsMessage(kind), (m) => {
        expect(itsMessageToJson(decodeItsMessage(encodeItsMessage(m)))).toEqual(itsMessageToJson(m));
      }),
      { numRuns: 100 },
    );
  });
});

describe('validator on arbitrary messages', () => {
  /** Paths of the integer leaves set in a message, with their field spec. */
  function integerLeaves(typeName: string, msg: Obj, path: string, out: { path: string; holder: Obj | unknown[]; key: string | number; f: FieldSpec }[]) {
    for (const f of MESSAGES[typeName]!.fields) {
      const v = msg[f.name];
      const p = path === '' ? f.name : `${path}.${f.name}`;
      if (v === undefined || v === null) continue;
      if (f.kind === 'message') {
        if (f.repeated) (v as Obj[]).forEach((e, i) => integerLeaves(f.type!, e, `${p}[${i}]`, out));
        else integerLeaves(f.type!, v as Obj, p, out);
      } else if (f.kind === 'sint32' || f.kind === 'uint32' || f.kind === 'uint64') {
        if (f.repeated) (v as unknown[]).forEach((_, i) => out.push({ path: `${p}[${i}]`, holder: v as unknown[], key: i, f }));
        else out.push({ path: p, holder: msg, key: f.name, f });
      }
    }
  }

  it('any integer field pushed out of its range is reported with its path and range', () => {
    fc.assert(
      fc.property(arbAnyItsMessage, fc.nat(), fc.boolean(), (m, pick, above) => {
        const leaves: Parameters<typeof integerLeaves>[3] = [];
        integerLeaves('ItsMessage', m as Obj, '', leaves);
        const leaf = leaves[pick % leaves.length]!;
        const { f } = leaf;
        const bad = above || f.min === 0 ? f.max! + 1 : f.min! - 1;
        (leaf.holder as Record<string | number, unknown>)[leaf.key] = bad;
        const issues = validateItsMessage(m).map(formatIssue);
        expect(issues).toContain(`${leaf.path}: ${bad} out of range ${f.min}..${f.max}`);
      }),
      { numRuns: 400 },
    );
  });
});

describe('plain numbers', () => {
  it('TimestampIts fields decode as numbers, also when zero', () => {
    const denm = itsMessage('denm', 7, {
      management: { actionId: { originatingStationId: 7, sequenceNumber: 1 }, detectionTime: 4_398_046_511_103, referenceTime: 0, termination: 0 },
    });
    const decoded = decodeItsMessage(encodeItsMessage(denm));
    expect(decoded.denm?.management?.detectionTime).toBe(4_398_046_511_103);
    expect(decoded.denm?.management?.referenceTime).toBe(0);
    const cpm = decodeItsMessage(encodeItsMessage(itsMessage('cpm', 7, { managementContainer: {}, cpmContainers: [] })));
    expect(cpm.cpm?.managementContainer?.referenceTime).toBe(0);
  });

  it('64-bit JSON values are accepted as strings or numbers and written as strings', () => {
    const json = { header: { messageId: 1, protocolVersion: 2 }, denm: { management: { detectionTime: '94694401000', referenceTime: 94694401001 } } };
    const m = itsMessageFromJson(json);
    expect(m.denm?.management?.detectionTime).toBe(94_694_401_000);
    expect(m.denm?.management?.referenceTime).toBe(94_694_401_001);
    expect(itsMessageToJson(m)).toMatchObject({ denm: { management: { detectionTime: '94694401000', referenceTime: '94694401001' } } });
  });

  it('enums are written by name and read by name or number', () => {
    const json = itsMessageToJson(sampleShuttleCam());
    expect(json).toMatchObject({ cam: { camParameters: { basicContainer: { stationType: 'STATION_TYPE_BUS' } } } });
    const byNumber = structuredClone(json) as Obj;
    ((((byNumber.cam as Obj).camParameters as Obj).basicContainer as Obj).stationType as unknown) = 6;
    expect(canon(itsMessageFromJson(byNumber))).toEqual(canon(sampleShuttleCam()));
  });
});

describe('envelope', () => {
  const cam = sampleShuttleCam();

  it('rejects a messageId that does not name the payload, in every input form', () => {
    const wrong = { ...cam, header: { ...cam.header, messageId: MessageId.denm } };
    expect(() => encodeItsMessage(wrong)).toThrow(/header.messageId 1 does not match the cam payload \(messageId 2\)/);
    const bytes = encodeItsMessage(cam);
    const tampered = decodeItsMessage(bytes);
    tampered.header!.messageId = 16;
    const raw = protobuf.Writer.create();
    reflectedItsMessage.encode(tampered, raw);
    expect(() => decodeItsMessage(raw.finish())).toThrow(CodecError);
    expect(() => itsMessageFromJson(itsMessageToJson(wrong))).toThrow(/does not match the cam payload/);
  });

  it('rejects a message without header or payload, or with two payloads', () => {
    expect(() => itsMessageFromJson({ cam: {} })).toThrow(/without header/);
    expect(() => itsMessageFromJson({ header: { messageId: 2 } })).toThrow(/without payload/);
    expect(() => itsMessageFromJson({ header: { messageId: 2 }, cam: {}, vam: {} })).toThrow(/several alternatives of payload/);
    const two = reflectedItsMessage.encode({ header: { messageId: 2 }, cam: {}, vam: {} }).finish();
    expect(() => decodeItsMessage(two)).toThrow(CodecError);
  });
});

describe('malformed input gives a CodecError, never a crash', () => {
  const expectCodecErrorOrMessage = (run: () => ItsMessage) => {
    try {
      run();
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError);
    }
  };

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => expectCodecErrorOrMessage(() => decodeItsMessage(bytes))), { numRuns: 2000 });
  });

  it('truncated and bit-flipped encodings of valid messages', () => {
    fc.assert(
      fc.property(arbAnyItsMessage, fc.nat(), fc.nat(), (m, cut, flip) => {
        const bytes = encodeItsMessage(m);
        expectCodecErrorOrMessage(() => decodeItsMessage(bytes.subarray(0, cut % bytes.length)));
        const flipped = bytes.slice();
        flipped[flip % bytes.length]! ^= 1 << (flip % 8);
        expectCodecErrorOrMessage(() => decodeItsMessage(flipped));
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary JSON values and text', () => {
    fc.assert(fc.property(fc.jsonValue(), (json) => expectCodecErrorOrMessage(() => itsMessageFromJson(json))), { numRuns: 1000 });
    fc.assert(fc.property(fc.string(), (text) => expectCodecErrorOrMessage(() => parseItsMessageInput(text))), { numRuns: 500 });
  });

  it('valid JSON with one value replaced by an arbitrary JSON value', () => {
    fc.assert(
      fc.property(arbAnyItsMessage, fc.nat(), fc.jsonValue(), (m, pick, replacement) => {
        const json = itsMessageToJson(m) as Obj;
        const slots: { holder: Obj; key: string }[] = [];
        const walk = (o: Obj) => {
          for (const [k, v] of Object.entries(o)) {
            slots.push({ holder: o, key: k });
            if (Array.isArray(v)) v.forEach((e) => typeof e === 'object' && e !== null && walk(e as Obj));
            else if (typeof v === 'object' && v !== null) walk(v as Obj);
          }
        };
        walk(json);
        const slot = slots[pick % slots.length]!;
        slot.holder[slot.key] = replacement;
        expectCodecErrorOrMessage(() => itsMessageFromJson(json));
      }),
      { numRuns: 500 },
    );
  });

  it('names the problem and where it is', () => {
    expect(() => parseItsMessageInput('{"header": {"messageId": 2}, "cam": {')).toThrow(/^JSON: not valid JSON text/);
    expect(() => itsMessageFromJson({ header: { messageId: 2 }, cam: { camParameters: { basicContainer: { stationTyp: 5 } } } })).toThrow(
      /^JSON cam\.camParameters\.basicContainer\.stationTyp: unknown field of BasicContainer/,
    );
    expect(() => itsMessageFromJson({ header: { messageId: 2 }, cam: { camParameters: { basicContainer: { stationType: 'BUS' } } } })).toThrow(
      /^JSON cam\.camParameters\.basicContainer\.stationType: unknown StationType value "BUS"/,
    );
    expect(() => itsMessageFromJson({ header: { messageId: 2.5 }, cam: {} })).toThrow(/^JSON header\.messageId: expected an integer, got number 2\.5/);
    expect(() => itsMessageFromJson({ header: { stationId: -1, messageId: 2 }, cam: {} })).toThrow(/^JSON header\.stationId: -1 does not fit uint32/);
    expect(() => itsMessageFromJson([])).toThrow(/^JSON \(root\): expected an object \(ItsMessage\), got an array/);
    expect(() => decodeItsMessage(new Uint8Array([0x0a, 0x05, 0x08]))).toThrow(/^decode: malformed protobuf \(3 bytes\)/);
    expect(() => parseItsMessageInput(42 as unknown as string)).toThrow(CodecError);
  });
});

describe('parseItsMessageInput', () => {
  const cam = sampleShuttleCam();
  const bytes = encodeItsMessage(cam);

  it('accepts binary (Uint8Array, Buffer, ArrayBuffer), JSON text and JSON objects alike', () => {
    const expected = canon(cam);
    expect(canon(parseItsMessageInput(bytes))).toEqual(expected);
    expect(canon(parseItsMessageInput(Buffer.from(bytes)))).toEqual(expected);
    expect(canon(parseItsMessageInput(bytes.slice().buffer))).toEqual(expected);
    expect(canon(parseItsMessageInput(JSON.stringify(itsMessageToJson(cam))))).toEqual(expected);
    expect(canon(parseItsMessageInput(itsMessageToJson(cam)))).toEqual(expected);
  });

  it('with validate: true, rejects out-of-range fields and lists the issues', () => {
    const json = itsMessageToJson(cam) as Obj;
    const hf = ((((json.cam as Obj).camParameters as Obj).highFrequencyContainer as Obj).basicVehicleContainerHighFrequency as Obj);
    (hf.speed as Obj).speedValue = 20_000;
    expect(() => parseItsMessageInput(json)).not.toThrow();
    try {
      parseItsMessageInput(json, { validate: true });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError);
      const e = err as CodecError;
      expect(e.message).toBe(
        'invalid ItsMessage: cam.camParameters.highFrequencyContainer.basicVehicleContainerHighFrequency.speed.speedValue: 20000 out of range 0..16383',
      );
      expect(e.issues).toHaveLength(1);
      expect(e.path).toBe('cam.camParameters.highFrequencyContainer.basicVehicleContainerHighFrequency.speed.speedValue');
    }
  });
});
