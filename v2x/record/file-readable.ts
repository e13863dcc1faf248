// An @mcap/core IReadable on a file (Node): random reads at an offset, so a reader only touches
// the summary and the chunks it needs.
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from './reader.ts';

export class FileReadable implements Readable {
  private constructor(
    private readonly handle: FileHandle,
    private readonly length: bigint,
  ) {}

  static async open(path: string): Promise<FileReadable> {
    const handle = await open(path, 'r');
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new Error(`${path} is not a file`);
      return new FileReadable(handle, BigInt(st.size));
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async size(): Promise<bigint> {
    return this.length;
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    if (offset < 0n || size < 0n || offset + size > this.length) throw new Error(`read beyond the end of the file (${offset}+${size} of ${this.length})`);
    const out = new Uint8Array(Number(size));
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, Number(offset) + done);
      if (bytesRead === 0) throw new Error(`unexpected end of file at ${Number(offset) + done}`);
      done += bytesRead;
    }
    return out;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
