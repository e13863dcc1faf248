// The protobuf schemas of a recording, built from the project's .proto files (the same files as
// the generated code: v2x/proto/ and v2x/record/proto/) into one google.protobuf.FileDescriptorSet,
// registered with schema encoding `protobuf` for every protobuf topic (the MCAP convention that
// Foxglove, Lichtblick and the mcap CLI read). Node only: it reads the .proto files.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import * as descriptorNs from 'protobufjs/ext/descriptor.js';
import { JSON_SCHEMAS, KNOWN_SCHEMAS, SCHEMAS } from './topics.ts';

const V2X_PROTO_DIR = fileURLToPath(new URL('../proto/', import.meta.url));
const RECORD_PROTO_DIR = fileURLToPath(new URL('./proto/', import.meta.url));
const ENTRY_FILES = ['corridor/record/v1/record.proto', 'corridor/live/v1/snapshot.proto', 'corridor/live/v1/frame.proto', 'foxglove/scene.proto'];

export interface SchemaRecord {
  name: string;
  encoding: 'protobuf' | 'jsonschema';
  data: Uint8Array;
}

// A CommonJS module: Node's ESM loader exposes it as `default`.
const descriptor = (descriptorNs as unknown as { default?: typeof descriptorNs }).default ?? descriptorNs;

let cached: Uint8Array | undefined;

/**
 * The FileDescriptorSet of every Corridor message (packages corridor.v2x.v1, corridor.live.v1,
 * corridor.record.v1), encoded. protobufjs writes one file per package; each file's
 * `dependency` list is filled from the types it references, so strict descriptor pools load it.
 */
export function fileDescriptorSet(): Uint8Array {
  if (cached) return cached;
  const root = new protobuf.Root();
  // google/protobuf/*: protobufjs' bundled definitions; foxglove/ and corridor/record/: this folder.
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : join(target.startsWith('corridor/record/') || target.startsWith('foxglove/') ? RECORD_PROTO_DIR : V2X_PROTO_DIR, target);
  root.loadSync(ENTRY_FILES, { keepCase: true });
  root.resolveAll();
  const set = root.toDescriptor('proto3');
  const fileOfPackage = new Map(set.file.map((f) => [f.package ?? '', f.name ?? ''] as const));
  for (const file of set.file) {
    const deps = new Set<string>();
    const visit = (types: readonly descriptorNs.IDescriptorProto[] | null | undefined, scope: string) => {
      for (const t of types ?? []) {
        const fullName = `${scope}.${t.name ?? ''}`;
        const type = root.lookupType(fullName);
        for (const field of t.field ?? []) {
          if (!field.typeName) continue;
          // protobufjs writes names relative to the file's package; protoc (and strict
          // descriptor pools) use fully qualified ones.
          const resolved = type.fields[field.name ?? '']?.resolvedType;
          if (!resolved) throw new Error(`schemas: cannot resolve ${fullName}.${field.name ?? ''} (${field.typeName})`);
          const ref = resolved.fullName.replace(/^\./, '');
          field.typeName = `.${ref}`;
          for (const [pkg, name] of fileOfPackage) if (pkg !== file.package && ref.startsWith(`${pkg}.`)) deps.add(name);
        }
        visit(t.nestedType, fullName);
      }
    };
    visit(file.messageType, file.package ?? '');
    file.dependency = [...deps].sort();
  }
  // Dependencies first (descriptor pools build files in order).
  const ordered: typeof set.file = [];
  const place = (f: descriptorNs.IFileDescriptorProto) => {
    if (ordered.includes(f)) return;
    for (const d of f.dependency ?? []) {
      const dep = set.file.find((x) => x.name === d);
      if (dep) place(dep);
    }
    ordered.push(f);
  };
  for (const f of set.file) place(f);
  set.file = ordered;
  const bytes = descriptor.FileDescriptorSet.encode(set).finish();
  cached = bytes;
  return bytes;
}

/** The schema record of each schema name the topics use (TOPIC_SPECS, and FOXGLOVE_SPECS with `foxglove`). */
export function schemaRecords(foxglove = false): SchemaRecord[] {
  const fds = fileDescriptorSet();
  const out: SchemaRecord[] = [];
  for (const [name, encoding] of KNOWN_SCHEMAS) {
    if (!foxglove && name.startsWith('foxglove.')) continue;
    if (encoding === 'protobuf') out.push({ name, encoding, data: fds });
    else out.push({ name, encoding, data: new TextEncoder().encode(JSON.stringify(JSON_SCHEMAS[name as typeof SCHEMAS.events])) });
  }
  return out;
}
