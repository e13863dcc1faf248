// ETSI range checks for ItsMessage, driven by the field table v2x/generated/schema.ts (built from
// the `range:` / `size:` / `length:` notes of the .proto comments), plus the few cross-field
// constraints the ASN.1 states (header per message type, DENM termination, CPM container ids).
//
// Every issue names the field path and what is allowed:
//   cam.camParameters.highFrequencyContainer.basicVehicleContainerHighFrequency.speed.speedValue:
//     20000 out of range 0..16383
// Sentinels ("unavailable", "outOfRange") are inside the ASN.1 ranges and so accepted. A plain
// scalar left out reads as proto3's 0, which is reported when 0 is not allowed (a mandatory
// confidence 1..127 must be set, to 127 = unavailable if nothing better is known).
import { ENUMS, MESSAGES, type FieldSpec } from './generated/schema.ts';
import { MessageId, ProtocolVersion, payloadKindOf, type ItsMessage, type PayloadKind } from './message-types.ts';

export interface ValidationIssue {
  /** Field path from the ItsMessage root, e.g. `denm.management.eventPosition.latitude`, `cpm.cpmContainers[1]`. */
  readonly path: string;
  /** What is wrong and what is allowed, e.g. `20000 out of range 0..16383`. */
  readonly message: string;
}

/** `path: message`, the form used in logs and errors. */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.path}: ${issue.message}`;
}

type Obj = Record<string, unknown>;

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

const enumValueSets = new Map<string, Set<number>>();
function enumValues(type: string): Set<number> {
  let values = enumValueSets.get(type);
  if (!values) {
    values = new Set(Object.values(ENUMS[type] ?? {}));
    enumValueSets.set(type, values);
  }
  return values;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function checkValue(f: FieldSpec, v: unknown, path: string, absent: boolean, issues: ValidationIssue[]): void {
  const note = absent ? ' (field absent: proto3 default 0)' : '';
  switch (f.kind) {
    case 'sint32':
    case 'uint32':
    case 'uint64':
      if (typeof v !== 'number' || !Number.isInteger(v)) issues.push({ path, message: `${show(v)} is not an integer` });
      else if (v < f.min! || v > f.max!) issues.push({ path, message: `${v} out of range ${f.min}..${f.max}${note}` });
      return;
    case 'enum':
      if (typeof v !== 'number' || !Number.isInteger(v)) issues.push({ path, message: `${show(v)} is not a ${f.type} number` });
      else if (!enumValues(f.type!).has(v)) issues.push({ path, message: `${v} is not a ${f.type} value${note}` });
      else if (f.min !== undefined && (v < f.min || v > f.max!)) issues.push({ path, message: `${v} out of range ${f.min}..${f.max}${note}` });
      return;
    case 'bool':
      if (typeof v !== 'boolean') issues.push({ path, message: `${show(v)} is not a boolean` });
      return;
    case 'string':
      if (typeof v !== 'string') issues.push({ path, message: `${show(v)} is not a string` });
      else if (v.length < f.minLength! || v.length > f.maxLength!) {
        issues.push({ path, message: `length ${v.length} out of range ${f.minLength}..${f.maxLength}` });
      }
      return;
    case 'message':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) issues.push({ path, message: `${show(v)} is not a ${f.type} message` });
      else checkMessage(f.type!, v as Obj, path, issues);
      return;
  }
}

function checkMessage(typeName: string, msg: Obj, path: string, issues: ValidationIssue[]): void {
  const spec = MESSAGES[typeName]!;
  for (const f of spec.fields) {
    const p = join(path, f.name);
    const v = msg[f.name];
    if (f.repeated) {
      const list = v ?? [];
      if (!Array.isArray(list)) {
        issues.push({ path: p, message: `${show(v)} is not a list` });
        continue;
      }
      if (list.length < f.minSize! || list.length > f.maxSize!) {
        issues.push({ path: p, message: `${list.length} elements, allowed ${f.minSize}..${f.maxSize}` });
      }
      for (let i = 0; i < list.length; i++) checkValue(f, list[i], `${p}[${i}]`, false, issues);
    } else if (v === undefined || v === null) {
      if (f.optional || f.oneof) continue;
      if (f.kind === 'message') issues.push({ path: p, message: `missing (mandatory ${f.type})` });
      else if (f.kind !== 'string') checkValue(f, f.kind === 'bool' ? false : 0, p, true, issues);
    } else {
      checkValue(f, v, p, false, issues);
    }
  }
  for (const oneof of spec.oneofs) {
    const set = oneof.fields.filter((name) => msg[name] !== undefined && msg[name] !== null);
    const where = path === '' ? oneof.name : path;
    if (set.length === 0) issues.push({ path: where, message: `no alternative set (one of ${oneof.fields.join(', ')})` });
    else if (set.length > 1) issues.push({ path: where, message: `several alternatives set (${set.join(', ')}); exactly one allowed` });
  }
}

// ---- Cross-field constraints of the ASN.1 ----------------------------------------------------------

type Rule = (msg: Obj, kind: PayloadKind, issues: ValidationIssue[]) => void;

const CPM_CONTAINER_IDS: Readonly<Record<string, number>> = {
  originatingVehicleContainer: 1,
  originatingRsuContainer: 2,
  sensorInformationContainer: 3,
  perceivedObjectContainer: 5,
};

const RULES: readonly Rule[] = [
  // The header each PDU's ASN.1 prescribes.
  (msg, kind, issues) => {
    const header = msg.header as Obj | null | undefined;
    if (!header) return;
    const messageId = header.messageId ?? 0;
    if (messageId !== MessageId[kind]) {
      issues.push({ path: 'header.messageId', message: `${show(messageId)} does not match the ${kind} payload (expected ${MessageId[kind]})` });
    }
    const version = header.protocolVersion ?? 0;
    if (version !== ProtocolVersion[kind]) {
      issues.push({ path: 'header.protocolVersion', message: `${show(version)}, expected ${ProtocolVersion[kind]} for ${kind}` });
    }
  },
  // DenmPayload: without termination, situation and location present; with termination, only
  // the management container.
  (msg, kind, issues) => {
    if (kind !== 'denm') return;
    const denm = msg.denm as Obj;
    const management = denm.management as Obj | null | undefined;
    const terminated = management !== undefined && management !== null && management.termination !== undefined && management.termination !== null;
    for (const part of ['situation', 'location', 'alacarte'] as const) {
      const present = denm[part] !== undefined && denm[part] !== null;
      if (terminated && present) issues.push({ path: `denm.${part}`, message: 'must be absent in a termination DENM (management.termination set)' });
      if (!terminated && !present && part !== 'alacarte') {
        issues.push({ path: `denm.${part}`, message: 'missing (mandatory unless management.termination is set)' });
      }
    }
  },
  // WrappedCpmContainer.containerId matches its content; no CPM carries both originating
  // vehicle and originating RSU containers.
  (msg, kind, issues) => {
    if (kind !== 'cpm') return;
    const containers = ((msg.cpm as Obj).cpmContainers ?? []) as Obj[];
    if (!Array.isArray(containers)) return;
    const seen = new Set<string>();
    containers.forEach((c, i) => {
      if (typeof c !== 'object' || c === null) return;
      const content = Object.keys(CPM_CONTAINER_IDS).find((name) => c[name] !== undefined && c[name] !== null);
      if (content === undefined) return;
      seen.add(content);
      const id = c.containerId ?? 0;
      if (id !== CPM_CONTAINER_IDS[content]) {
        issues.push({ path: `cpm.cpmContainers[${i}].containerId`, message: `${show(id)} does not match ${content} (expected ${CPM_CONTAINER_IDS[content]})` });
      }
    });
    if (seen.has('originatingVehicleContainer') && seen.has('originatingRsuContainer')) {
      issues.push({ path: 'cpm.cpmContainers', message: 'both originatingVehicleContainer and originatingRsuContainer; at most one allowed' });
    }
  },
];

/**
 * Every out-of-range or missing field of `msg` (plain object or decoded message), with its path;
 * an empty list when the message is valid.
 */
export function validateItsMessage(msg: ItsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof msg !== 'object' || msg === null) return [{ path: '', message: `${show(msg)} is not an ItsMessage` }];
  checkMessage('ItsMessage', msg as Obj, '', issues);
  const kind = payloadKindOf(msg);
  if (kind !== undefined) for (const rule of RULES) rule(msg as Obj, kind, issues);
  return issues;
}
