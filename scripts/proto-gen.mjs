#!/usr/bin/env node
// Generates v2x/generated/ from the .proto files in v2x/proto/, one package at a time:
//
// corridor.v2x.v1 (the V2X contract):
//   corridor_v2x_v1.js / .d.ts   protobufjs static module (binary encode / decode) and its types,
//                                made by pbjs / pbts from protobufjs-cli
//   schema.ts                    the field table driving v2x/validate.ts and the JSON mapping of
//                                v2x/codec.ts: kinds, presence, oneofs, enum values, and the ETSI
//                                ranges read from the `range:` / `size:` / `length:` notes of the
//                                field comments
// It first checks the conventions documented at the top of common.proto (a comment on every
// field, a range on every integer, a size on every list, enum value prefixes...), so a field
// cannot enter the contract undocumented.
//
// corridor.live.v1 (the live stream: snapshot and frames, docs/live-frames.md):
//   corridor_live_v1.js / .d.ts  protobufjs static module and its types, as above
// Checked conventions: a comment on every message, enum and field, a `unit:` in the comment of
// every numeric field, lowerCamelCase fields, prefixed enum values with a 0. The package is
// self-contained (V2X messages travel as encoded ItsMessage bytes), so its module does not
// repeat the V2X types.
//
//   node scripts/proto-gen.mjs          regenerate v2x/generated/ (npm run proto:gen)
//   node scripts/proto-gen.mjs --check  regenerate in memory and compare with the committed
//                                       files; exit 1 on drift (npm run proto:check)
//
// Output depends only on the .proto files and the pinned protobufjs / protobufjs-cli versions.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const protobuf = require('protobufjs');
const { pbjs } = require('protobufjs-cli');

const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROTO_DIR = join(ROOT_DIR, 'v2x', 'proto');
const PACKAGE_DIR = join(PROTO_DIR, 'corridor', 'v2x', 'v1');
const OUT_DIR = join(ROOT_DIR, 'v2x', 'generated');
const PACKAGE = 'corridor.v2x.v1';
const MODULE_BASENAME = 'corridor_v2x_v1';
const LIVE_PACKAGE_DIR = join(PROTO_DIR, 'corridor', 'live', 'v1');
const LIVE_PACKAGE = 'corridor.live.v1';
const LIVE_MODULE_BASENAME = 'corridor_live_v1';

const INTEGER_LIMITS = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  // uint64 values must stay exact in a JS number.
  uint64: [0, Number.MAX_SAFE_INTEGER],
};
const ALLOWED_SCALARS = new Set([...Object.keys(INTEGER_LIMITS), 'bool', 'string']);
const ONEOF_NAMES = new Set(['choice', 'payload', 'containerData']);

const RANGE_RE = /\brange:\s*(-?\d+)\s*\.\.\s*(-?\d+)/;
const SIZE_RE = /\bsize:\s*(\d+)\s*\.\.\s*(\d+)/;
const LENGTH_RE = /\blength:\s*(\d+)\s*\.\.\s*(\d+)/;
const SENTINEL_RE = /\b(?:unavailable|unknown|invalid):\s*(-?\d+)/;
const OPTIONAL_RE = /\bOPTIONAL\b/;

function loadRoot(packageDir = PACKAGE_DIR) {
  const files = readdirSync(packageDir)
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => relative(PROTO_DIR, join(packageDir, f)).split('\\').join('/'));
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync(files, { alternateCommentMode: true });
  root.resolveAll();
  return root;
}

/** All types and enums of the package, nested ones included, sorted by full name. */
function collect(root, pkg = PACKAGE) {
  const types = [];
  const enums = [];
  const walk = (ns) => {
    for (const obj of ns.nestedArray) {
      if (obj instanceof protobuf.Type) types.push(obj);
      else if (obj instanceof protobuf.Enum) enums.push(obj);
      if (obj.nestedArray) walk(obj);
    }
  };
  walk(root.lookup(pkg));
  const byName = (a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0);
  return { types: types.sort(byName), enums: enums.sort(byName) };
}

/** Name relative to the package: `Speed`, `RsCode.Code`. */
const shortName = (obj) => obj.fullName.slice(PACKAGE.length + 2);
const upperSnake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toUpperCase();
const isSyntheticOneof = (field) => field.partOf !== null && field.partOf.name === `_${field.name}`;

function buildSpec(root) {
  const problems = [];
  const { types, enums } = collect(root);
  const messages = {};
  const enumSpecs = {};
  const enumValueOwners = new Map();

  for (const e of enums) {
    const name = shortName(e);
    if (!e.comment) problems.push(`enum ${name}: no comment`);
    const prefix = `${upperSnake(e.name)}_`;
    const seen = new Set();
    const values = {};
    for (const [valueName, number] of Object.entries(e.values)) {
      if (!valueName.startsWith(prefix)) problems.push(`enum ${name}: value ${valueName} does not start with ${prefix}`);
      if (!/^[A-Z][A-Z0-9_]*$/.test(valueName)) problems.push(`enum ${name}: value ${valueName} is not UPPER_SNAKE_CASE`);
      if (seen.has(number)) problems.push(`enum ${name}: number ${number} used twice`);
      seen.add(number);
      // protobuf scopes enum values like C++: siblings of the enum, unique in the package.
      const owner = enumValueOwners.get(valueName);
      if (owner) problems.push(`enum value ${valueName} defined in both ${owner} and ${name}`);
      enumValueOwners.set(valueName, name);
      values[valueName] = number;
    }
    if (!seen.has(0)) problems.push(`enum ${name}: no value 0`);
    enumSpecs[name] = values;
  }

  for (const type of types) {
    const name = shortName(type);
    if (!/^[A-Z][A-Za-z0-9]*$/.test(type.name)) problems.push(`message ${name}: name is not PascalCase`);
    if (!type.comment) problems.push(`message ${name}: no comment`);
    const oneofs = [];
    for (const oneof of type.oneofsArray) {
      if (oneof.fieldsArray.length === 1 && isSyntheticOneof(oneof.fieldsArray[0])) continue;
      if (!ONEOF_NAMES.has(oneof.name)) problems.push(`${name}: oneof ${oneof.name} is not one of ${[...ONEOF_NAMES].join(', ')}`);
      oneofs.push({ name: oneof.name, fields: oneof.fieldsArray.map((f) => f.name) });
    }
    const fields = [];
    for (const field of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
      const where = `${name}.${field.name}`;
      const comment = field.comment ?? '';
      if (!comment) problems.push(`${where}: no comment`);
      if (!/^[a-z][A-Za-z0-9]*$/.test(field.name)) problems.push(`${where}: name is not lowerCamelCase`);
      if (field.jsonName !== field.name) problems.push(`${where}: JSON name ${field.jsonName} differs from the field name`);
      if (field.map) problems.push(`${where}: maps are not used in this contract`);
      const spec = { name: field.name, id: field.id };
      const resolved = field.resolvedType;
      if (resolved instanceof protobuf.Type) {
        spec.kind = 'message';
        spec.type = shortName(resolved);
      } else if (resolved instanceof protobuf.Enum) {
        spec.kind = 'enum';
        spec.type = shortName(resolved);
      } else if (ALLOWED_SCALARS.has(field.type)) {
        spec.kind = field.type;
      } else {
        problems.push(`${where}: type ${field.type} is not used in this contract (allowed: ${[...ALLOWED_SCALARS].join(', ')}, enums, messages)`);
        continue;
      }
      if (field.repeated) spec.repeated = true;
      const inOneof = field.partOf !== null && !isSyntheticOneof(field);
      if (inOneof) spec.oneof = field.partOf.name;
      if (isSyntheticOneof(field)) spec.optional = true;
      if (spec.kind === 'message' && !field.repeated && !inOneof && OPTIONAL_RE.test(comment)) spec.optional = true;

      const range = RANGE_RE.exec(comment);
      if (spec.kind in INTEGER_LIMITS) {
        if (!range) problems.push(`${where}: integer without "range: min..max" in its comment`);
        else {
          const [min, max] = [Number(range[1]), Number(range[2])];
          const [lo, hi] = INTEGER_LIMITS[spec.kind];
          if (min > max || min < lo || max > hi) problems.push(`${where}: range ${min}..${max} does not fit ${spec.kind}`);
          if (spec.kind === 'int32') problems.push(`${where}: use sint32 for signed values`);
          Object.assign(spec, { min, max });
        }
      } else if (spec.kind === 'enum' && range) {
        Object.assign(spec, { min: Number(range[1]), max: Number(range[2]) });
      } else if (range) {
        problems.push(`${where}: "range:" on a ${spec.kind} field`);
      }
      const sentinel = SENTINEL_RE.exec(comment);
      if (sentinel && spec.min !== undefined) {
        const value = Number(sentinel[1]);
        if (value < spec.min || value > spec.max) problems.push(`${where}: sentinel ${value} outside ${spec.min}..${spec.max}`);
        spec.unavailable = value;
      }
      const size = SIZE_RE.exec(comment);
      if (field.repeated) {
        if (!size) problems.push(`${where}: list without "size: min..max" in its comment`);
        else Object.assign(spec, { minSize: Number(size[1]), maxSize: Number(size[2]) });
      } else if (size) problems.push(`${where}: "size:" on a field that is not a list`);
      const length = LENGTH_RE.exec(comment);
      if (spec.kind === 'string') {
        if (!length) problems.push(`${where}: string without "length: min..max" in its comment`);
        else Object.assign(spec, { minLength: Number(length[1]), maxLength: Number(length[2]) });
      }
      fields.push(spec);
    }
    messages[name] = { fields, oneofs };
  }
  return { problems, messages, enums: enumSpecs };
}

const HEADER = (what, dir = 'corridor/v2x/v1') =>
  `// Generated by scripts/proto-gen.mjs from v2x/proto/${dir}/*.proto: ${what}.\n` +
  '// Do not edit; change the .proto files and run `npm run proto:gen`.\n';

function renderValue(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function renderSchema(spec) {
  const out = [HEADER('the field table of the contract')];
  out.push(`
/** Field kinds: the proto scalar types used by the contract, enums and messages. */
export type FieldKind = 'sint32' | 'uint32' | 'uint64' | 'bool' | 'string' | 'enum' | 'message';

/** One field of a message, with the ETSI constraints read from its comment. */
export interface FieldSpec {
  readonly name: string;
  readonly id: number;
  readonly kind: FieldKind;
  /** Enum or message name, relative to the package (\`Speed\`, \`RsCode.Code\`). */
  readonly type?: string;
  readonly repeated?: true;
  /** ASN.1 OPTIONAL: a proto3 \`optional\` scalar, or a message field whose comment says OPTIONAL. */
  readonly optional?: true;
  /** Name of the oneof (ASN.1 CHOICE) the field is an alternative of. */
  readonly oneof?: string;
  /** Allowed values (each element of a list), sentinels included. */
  readonly min?: number;
  readonly max?: number;
  /** The "unavailable" (or unknown / invalid) sentinel, when the ETSI type has one. */
  readonly unavailable?: number;
  /** Allowed number of elements of a list. */
  readonly minSize?: number;
  readonly maxSize?: number;
  /** Allowed string length. */
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface OneofSpec {
  readonly name: string;
  readonly fields: readonly string[];
}

export interface MessageSpec {
  /** Fields in field-number order. */
  readonly fields: readonly FieldSpec[];
  /** ASN.1 CHOICEs: exactly one alternative is set. */
  readonly oneofs: readonly OneofSpec[];
}

/** Protobuf package of every name below. */
export const PACKAGE = '${PACKAGE}';
`);
  out.push('/** Every message of the contract, by name. */');
  out.push('export const MESSAGES: Readonly<Record<string, MessageSpec>> = {');
  for (const [name, message] of Object.entries(spec.messages)) {
    out.push(`  '${name}': {`);
    out.push('    fields: [');
    for (const field of message.fields) {
      const parts = Object.entries(field).map(([k, v]) => `${k}: ${renderValue(v)}`);
      out.push(`      { ${parts.join(', ')} },`);
    }
    out.push('    ],');
    if (message.oneofs.length === 0) out.push('    oneofs: [],');
    else {
      out.push('    oneofs: [');
      for (const oneof of message.oneofs) out.push(`      { name: '${oneof.name}', fields: [${oneof.fields.map(renderValue).join(', ')}] },`);
      out.push('    ],');
    }
    out.push('  },');
  }
  out.push('};\n');
  out.push('/** Every enum of the contract: value name to number. */');
  out.push('export const ENUMS: Readonly<Record<string, Readonly<Record<string, number>>>> = {');
  for (const [name, values] of Object.entries(spec.enums)) {
    out.push(`  '${name}': {`);
    for (const [valueName, number] of Object.entries(values)) out.push(`    ${valueName}: ${number},`);
    out.push('  },');
  }
  out.push('};\n');
  return out.join('\n');
}

// pbjs options. Plain proto3 nullability (no --null-semantics): decoded messages read absent
// message fields and absent `optional` scalars as null, which is what the types then say.
const PBJS_OPTIONS = {
  target: 'static-module',
  wrap: 'esm',
  es6: true,
  root: MODULE_BASENAME,
  'alt-comment': true,
  'force-number': true,
  verify: false,
  convert: false,
  delimited: false,
  typeurl: false,
  service: false,
};

function pbjsGenerate(root, options) {
  return new Promise((resolvePromise, reject) => {
    pbjs.generate(root, { ...PBJS_OPTIONS, ...options }, (err, js, dts) => (err ? reject(err) : resolvePromise({ js, dts })));
  });
}

async function generateStatic(root, extra = {}) {
  // pbts reads the types from the JSDoc of the commented, beautified output (beautify gives the
  // parameters readable names). The committed module is the same code without JSDoc and without
  // the beautify pass: half the size, a fraction of the time; the documentation lives in the
  // .d.ts. The static generation is synchronous, so the second pass runs while pbts's child
  // process works on the first.
  const typed = pbjsGenerate(root, { ...extra, dts: true });
  const { js } = await pbjsGenerate(root, { ...extra, comments: false, beautify: false });
  const { dts } = await typed;
  return { js, dts };
}

const NUMERIC_KINDS = new Set(['double', 'float', 'int32', 'sint32', 'uint32', 'int64', 'sint64', 'uint64', 'fixed32', 'sfixed32', 'fixed64', 'sfixed64']);

/** Conventions of the live package (lighter than the V2X contract's: no ETSI ranges). */
function checkLive(root) {
  const problems = [];
  const { types, enums } = collect(root, LIVE_PACKAGE);
  const name = (obj) => obj.fullName.slice(LIVE_PACKAGE.length + 2);
  for (const e of enums) {
    if (!e.comment) problems.push(`enum ${name(e)}: no comment`);
    const prefix = `${upperSnake(e.name)}_`;
    for (const [valueName, number] of Object.entries(e.values)) {
      if (!valueName.startsWith(prefix)) problems.push(`enum ${name(e)}: value ${valueName} does not start with ${prefix}`);
      if (!e.comments?.[valueName]) problems.push(`enum ${name(e)}: value ${valueName} has no comment`);
      void number;
    }
    if (!Object.values(e.values).includes(0)) problems.push(`enum ${name(e)}: no value 0`);
  }
  for (const type of types) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(type.name)) problems.push(`message ${name(type)}: name is not PascalCase`);
    if (!type.comment) problems.push(`message ${name(type)}: no comment`);
    for (const field of type.fieldsArray) {
      const where = `${name(type)}.${field.name}`;
      const comment = field.comment ?? '';
      if (!comment) problems.push(`${where}: no comment`);
      if (!/^[a-z][A-Za-z0-9]*$/.test(field.name)) problems.push(`${where}: name is not lowerCamelCase`);
      if (field.map) problems.push(`${where}: maps are not used in this package`);
      if (field.resolvedType && field.resolvedType.fullName.slice(1).split('.').slice(0, 3).join('.') !== LIVE_PACKAGE) {
        problems.push(`${where}: type ${field.type} is outside ${LIVE_PACKAGE} (embed V2X messages as encoded bytes)`);
      }
      if ((NUMERIC_KINDS.has(field.type) || field.resolvedType instanceof protobuf.Enum) && !/\bunit:/.test(comment)) {
        problems.push(`${where}: numeric field without "unit:" in its comment`);
      }
    }
  }
  return problems;
}

function fail(problems) {
  process.stderr.write(`proto: ${problems.length} convention problem(s) in v2x/proto:\n`);
  for (const p of problems) process.stderr.write(`  ${p}\n`);
  process.exit(1);
}

async function generate() {
  const root = loadRoot();
  const spec = buildSpec(root);
  if (spec.problems.length > 0) fail(spec.problems);
  const liveRoot = loadRoot(LIVE_PACKAGE_DIR);
  const liveProblems = checkLive(liveRoot);
  if (liveProblems.length > 0) fail(liveProblems);
  const [{ js, dts }, live] = [await generateStatic(root), await generateStatic(liveRoot, { root: LIVE_MODULE_BASENAME })];
  const liveDir = 'corridor/live/v1';
  return new Map([
    [`${MODULE_BASENAME}.js`, `${HEADER('binary codec (pbjs static-module)')}${js}`],
    [`${MODULE_BASENAME}.d.ts`, `${HEADER('types of the binary codec (pbts)')}${dts}`],
    ['schema.ts', renderSchema(spec)],
    [`${LIVE_MODULE_BASENAME}.js`, `${HEADER('binary codec (pbjs static-module)', liveDir)}${live.js}`],
    [`${LIVE_MODULE_BASENAME}.d.ts`, `${HEADER('types of the binary codec (pbts)', liveDir)}${live.dts}`],
  ]);
}

async function main() {
  const check = process.argv.includes('--check');
  const files = await generate();
  if (check) {
    const drift = [];
    for (const [name, content] of files) {
      const path = join(OUT_DIR, name);
      if (!existsSync(path)) drift.push(`${name} is missing`);
      else if (readFileSync(path, 'utf8') !== content) drift.push(`${name} differs`);
    }
    const extra = existsSync(OUT_DIR) ? readdirSync(OUT_DIR).filter((f) => !files.has(f)) : [];
    for (const f of extra) drift.push(`${f} is not generated`);
    if (drift.length > 0) {
      process.stderr.write(`proto:check: v2x/generated/ is out of date with v2x/proto/:\n`);
      for (const d of drift) process.stderr.write(`  ${d}\n`);
      process.stderr.write('Run `npm run proto:gen` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('proto:check: v2x/generated/ matches v2x/proto/\n');
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(OUT_DIR, name), content);
  process.stdout.write(`proto:gen: wrote ${[...files.keys()].map((f) => `v2x/generated/${f}`).join(', ')}\n`);
}

await main();
