// A ByteSink in memory (tests, benchmarks, browsers).
import type { ByteSink } from './mcap-writer.ts';

/** Copies what it is given (the writer reuses its buffer after each write). */
export class MemorySink implements ByteSink {
  private parts: Uint8Array[] = [];
  private length = 0;

  write(bytes: Uint8Array): void {
    this.parts.push(bytes.slice());
    this.length += bytes.byteLength;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.byteLength;
    }
    this.parts = [out];
    return out;
  }
}
