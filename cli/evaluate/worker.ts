// One evaluation worker thread: runs the jobs its pool sends, one at a time, and posts each
// RunResult back. Jobs and results are plain JSON (structured clone).
import { parentPort } from 'node:worker_threads';
import { runEvaluationJob } from './job.ts';
import type { EvalJob } from './types.ts';

export interface WorkerRequest {
  id: number;
  job: EvalJob;
}

const port = parentPort;
if (!port) throw new Error('cli/evaluate/worker.ts runs in a worker thread');
port.on('message', (msg: WorkerRequest) => {
  void runEvaluationJob(msg.job).then((result) => port.postMessage({ id: msg.id, result }));
});
port.postMessage({ ready: true });
