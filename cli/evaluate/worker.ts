// One evaluation host (run-host.ts), a worker thread or a child process: runs the jobs its pool
// sends, one at a time, and posts each RunResult back. Jobs and results are plain data.
import { parentPort } from 'node:worker_threads';
import { runEvaluationJob } from './job.ts';
import type { HostReply, HostRequest } from './run-host.ts';

/** The channel to the pool: the thread's port, or the process's IPC channel. */
const port: { on(event: 'message', fn: (msg: HostRequest) => void): unknown; postMessage(msg: HostReply): void } | null =
  parentPort ?? (process.send ? { on: (_event, fn) => process.on('message', fn), postMessage: (msg) => process.send!(msg) } : null);
if (!port) throw new Error('cli/evaluate/worker.ts runs in a worker thread or a child process with an IPC channel');
port.on('message', (msg: HostRequest) => {
  void runEvaluationJob(msg.job).then((result) => port.postMessage({ id: msg.id, result }));
});
port.postMessage({ ready: true });
