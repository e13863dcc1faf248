// Recording to a file (Node): the recorder on a synchronous FileSink, stamped with the project's
// version from package.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { FileSink } from './file-sink.ts';
import { Recorder, type RecorderOptions } from './recorder.ts';

let version: string | undefined;

/** The `version` of the project's package.json. */
export function projectVersion(): string {
  version ??= (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string }).version;
  return version;
}

export interface FileRecorder {
  recorder: Recorder;
  path: string;
  /** Finishes the recording (summary, footer) and closes the file; idempotent. */
  close(): void;
}

/** Opens `path` for writing (truncating it) and returns a recorder on it. */
export function createFileRecorder(path: string, options: Omit<RecorderOptions, 'sink' | 'projectVersion'>): FileRecorder {
  const sink = new FileSink(path);
  const recorder = new Recorder({ ...options, sink, projectVersion: projectVersion(), crc32: (b) => crc32(b) });
  let closed = false;
  return {
    recorder,
    path,
    close() {
      if (closed) return;
      closed = true;
      try {
        recorder.close();
      } finally {
        sink.close();
      }
    },
  };
}
