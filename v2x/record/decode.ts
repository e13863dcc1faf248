// Decodes any message of a recording with the schemas registered in the file itself (protobuf:
// the FileDescriptorSet; json: parsed), the way a generic MCAP tool does: what `corridor export`
// and the tests use. Isomorphic.
import protobuf from 'protobufjs';
// Adds Root.fromDescriptor (and its types) to protobufjs.
import 'protobufjs/ext/descriptor.js';
import type { McapTypes } from '@mcap/core';

export type MessageDecoder = (data: Uint8Array) => Record<string, unknown>;

/** Options of the protobuf JSON form: enums by name, 64-bit integers as numbers, bytes in base64, zero values present (proto3 omits them on the wire). */
const TO_OBJECT: protobuf.IConversionOptions = { enums: String, longs: Number, bytes: String, defaults: true, arrays: true, oneofs: false };

/** One decoder per channel id; throws for a schema encoding it cannot read. */
export function channelDecoders(
  schemas: ReadonlyMap<number, McapTypes.Schema>,
  channels: ReadonlyMap<number, McapTypes.Channel>,
): Map<number, MessageDecoder> {
  const roots = new Map<number, protobuf.Root>();
  const out = new Map<number, MessageDecoder>();
  for (const c of channels.values()) {
    const schema = schemas.get(c.schemaId);
    if (!schema) throw new Error(`channel ${c.topic}: no schema ${c.schemaId}`);
    if (c.messageEncoding === 'json') {
      const text = new TextDecoder();
      out.set(c.id, (data) => JSON.parse(text.decode(data)) as Record<string, unknown>);
    } else if (c.messageEncoding === 'protobuf' && schema.encoding === 'protobuf') {
      let root = roots.get(schema.id);
      if (!root) {
        root = protobuf.Root.fromDescriptor(schema.data, { keepCase: true });
        roots.set(schema.id, root);
      }
      const type = root.lookupType(schema.name);
      out.set(c.id, (data) => type.toObject(type.decode(data), TO_OBJECT));
    } else {
      throw new Error(`channel ${c.topic}: message encoding "${c.messageEncoding}" with schema encoding "${schema.encoding}" is not supported`);
    }
  }
  return out;
}
