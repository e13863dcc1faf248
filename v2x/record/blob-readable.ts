// An @mcap/core IReadable on a Blob (a File dropped on the viewer's page; Node 20 has Blob too):
// reads only the slices asked for, so opening and seeking a large recording does not load it.
import type { Readable } from './reader.ts';

export class BlobReadable implements Readable {
  constructor(private readonly blob: Blob) {}

  async size(): Promise<bigint> {
    return BigInt(this.blob.size);
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    const start = Number(offset);
    const end = start + Number(size);
    if (start < 0 || end > this.blob.size) throw new Error(`read beyond the end of the file (${offset}+${size} of ${this.blob.size})`);
    return new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
  }
}
