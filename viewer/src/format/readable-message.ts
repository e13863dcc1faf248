// A decoded ItsMessage as JSON a person reads: the contract's structure and field names (so a
// value is found where docs/v2x-messages.md and the .proto say), with every ETSI integer in
// the unit people use ("36.0 km/h", "47.3769000°", "92.5° from north", ISO times, "in 12.3 s"
// to a SPaT phase end), sentinels as "unavailable", enums by name ("stop and remain"), bit
// strings as the names of their set bits, named numbers as "roadworks (3)".
//
// Driven by the field table v2x/generated/schema.ts (the same one the codec's JSON mapping
// uses), so every field of every message type is walked; scalars at their proto3 default are
// shown (0 is a real speed), absent optional fields and empty lists are not.
import type { JsonObject, JsonValue } from '../../../v2x/codec.ts';
import { ENUMS, MESSAGES, type FieldSpec } from '../../../v2x/generated/schema.ts';
import type { ItsMessage } from '../../../v2x/message-types.ts';
import { DSECOND_UNAVAILABLE, MINUTE_OF_THE_YEAR_INVALID } from '../../../v2x/units.ts';
import { BIT_NAMES, NAMED_NUMBERS, bitNames } from './named-values.ts';
import { QUANTITY_RULES, utcMsOfMinuteOfYear, type FormatContext } from './quantities.ts';

export type { FormatContext } from './quantities.ts';

export interface ReadableOptions {
  /** UTC year the message was sent in (places MinuteOfTheYear values on a date). */
  year?: number;
}

/** The readable JSON of a decoded message (see the file comment). Never throws on a decoded message. */
export function readableMessage(msg: ItsMessage, options: ReadableOptions = {}): JsonObject {
  return readableOf('ItsMessage', msg as unknown as Record<string, unknown>, options.year !== undefined ? { year: options.year } : {});
}

const enumLabels = new Map<string, Map<number, string>>();

/** Enum value names without their common prefix, as lower-case words (STATION_TYPE_BUS -> "bus"). */
function enumLabel(type: string, value: number): string {
  let labels = enumLabels.get(type);
  if (!labels) {
    const names = Object.entries(ENUMS[type] ?? {});
    let prefix = names[0]?.[0] ?? '';
    for (const [name] of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('_', prefix.length - 2) + 1);
    if (names.length < 2) prefix = '';
    labels = new Map(names.map(([name, n]) => [n, name.slice(prefix.length).toLowerCase().replaceAll('_', ' ')]));
    enumLabels.set(type, labels);
  }
  return labels.get(value) ?? String(value);
}

/** UTC instant of an IntersectionState (moy + DSecond), for its TimeMarks. */
function spatInstant(state: Record<string, unknown>, year: number | undefined): number | undefined {
  const moy = state['moy'];
  if (typeof moy !== 'number' || moy === MINUTE_OF_THE_YEAR_INVALID) return undefined;
  const ds = state['timeStamp'];
  const ms = typeof ds === 'number' && ds !== DSECOND_UNAVAILABLE ? ds : 0;
  return utcMsOfMinuteOfYear(moy, year) + ms;
}

function readableOf(typeName: string, msg: Record<string, unknown>, ctx: FormatContext): JsonObject {
  const spec = MESSAGES[typeName];
  const out: JsonObject = {};
  if (!spec) return out;
  let inner = ctx;
  if (typeName === 'IntersectionState') {
    const at = spatInstant(msg, ctx.year);
    inner = at !== undefined ? { ...ctx, spatUtcMs: at } : ctx;
  }
  for (const f of spec.fields) {
    const v = msg[f.name];
    if (v === undefined || v === null) continue;
    if (f.repeated) {
      const list = v as readonly unknown[];
      if (list.length > 0) out[f.name] = list.map((e) => valueOf(typeName, f, e, inner));
    } else {
      if (f.kind === 'string' && v === '') continue;
      out[f.name] = valueOf(typeName, f, v, inner);
    }
  }
  return out;
}

function valueOf(typeName: string, f: FieldSpec, v: unknown, ctx: FormatContext): JsonValue {
  switch (f.kind) {
    case 'message':
      return typeof v === 'object' && v !== null ? readableOf(f.type!, v as Record<string, unknown>, ctx) : null;
    case 'enum':
      return enumLabel(f.type!, Number(v));
    case 'bool':
      return Boolean(v);
    case 'string':
      return String(v);
    default:
      return numberOf(typeName, f, Number(v), ctx);
  }
}

function numberOf(typeName: string, f: FieldSpec, n: number, ctx: FormatContext): JsonValue {
  if (f.unavailable !== undefined && n === f.unavailable) return 'unavailable';
  const key = `${typeName}.${f.name}`;
  const rule = QUANTITY_RULES[key];
  if (rule) return rule(n, ctx);
  const bits = BIT_NAMES[key];
  if (bits) return bitNames(n, bits);
  const name = NAMED_NUMBERS[key]?.[n];
  if (name !== undefined) return `${name} (${n})`;
  return n;
}
