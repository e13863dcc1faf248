// The recording's file sink writes on a thread of its own: what reaches the disk must be exactly
// what the writer produced, in order, with the chunk CRCs filled in; a failing disk must surface
// as an error naming the file, not as a silently short recording.
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncMcapWriter } from '../../v2x/record/mcap-writer.ts';
import { FileSink } from '../../v2x/record/file-sink.ts';
import { MemorySink } from '../../v2x/record/memory-sink.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-file-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the same messages (many small chunks, so buffers are recycled) through `sink`. */
function writeMessages(sink: FileSink | MemorySink): void {
  const w = new SyncMcapWriter(sink, { chunkBytes: 4096, crc32: (b) => crc32(b) });
  const schema = w.addSchema({ name: 'test', encoding: 'jsonschema', data: new TextEncoder().encode('{}') });
  const a = w.addChannel({ schemaId: schema, topic: '/a', messageEncoding: 'json', metadata: new Map() });
  const b = w.addChannel({ schemaId: schema, topic: '/b', messageEncoding: 'json', metadata: new Map() });
  for (let k = 0; k < 3000; k++) {
    const data = new TextEncoder().encode(JSON.stringify({ k, pad: 'x'.repeat(k % 97) }));
    w.addMessage(k % 3 === 0 ? b : a, BigInt(k) * 100_000_000n, data, k + 1);
    if (k === 1500) w.addMetadata('middle', new Map([['k', String(k)]]));
  }
  w.close();
}

describe('FileSink', () => {
  it('writes the same bytes as the writer gives a memory sink, CRCs included', () => {
    const path = join(dir, 'same.mcap');
    const file = new FileSink(path);
    writeMessages(file);
    file.close();
    const memory = new MemorySink();
    writeMessages(memory);
    const onDisk = readFileSync(path);
    expect(onDisk.byteLength).toBeGreaterThan(100_000);
    expect(Buffer.compare(onDisk, Buffer.from(memory.bytes()))).toBe(0);
  });

  it('reports a failing disk at close, naming the file', () => {
    if (!existsSync('/dev/full')) return;
    const sink = new FileSink('/dev/full');
    expect(() => {
      writeMessages(sink);
      sink.close();
    }).toThrow(/\/dev\/full: recording write failed: .*ENOSPC/);
  });

  it('refuses writes after close', () => {
    const sink = new FileSink(join(dir, 'closed.mcap'));
    sink.close();
    expect(() => sink.write(new Uint8Array(3))).toThrow(/closed\.mcap: recording already closed/);
  });
});
