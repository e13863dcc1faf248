// A ByteSink on a file, written synchronously: every chunk the writer finishes is in the kernel
// when `write` returns, so a process killed with SIGKILL leaves every finished chunk readable.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ByteSink } from './mcap-writer.ts';

export class FileSink implements ByteSink {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(bytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.path}: recording already closed`);
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(this.fd, bytes, done, bytes.byteLength - done);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
