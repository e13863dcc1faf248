// Where the runs of an evaluation execute: a host runs one job at a time, sent as {id, job}, and
// answers {ready} once loaded, then {id, result} per job (cli/evaluate/worker.ts).
//
// Two kinds. `process` (the default): a child process per host, started with V8's single-threaded
// GC. `thread`: a worker thread in this process. Measured on the 2-core reference machine
// (docs/benchmarks.md, "Evaluation", 2026-11-23 17:21, 12 runs of the default scenario, twice
// each, alternated): two hosts gave 32.5 to 32.8 runs per minute as processes and 29.9 to 30.0 as
// threads (steady state 38.2 against 35). V8 isolates in one process share one pool of GC helper
// threads, and their parallel scavenges and concurrent marking compete for it; a scavenge of this
// heap gains nothing from a helper on 2 cores, so each process collects on its own thread. Both
// kinds exist so the difference stays measurable (`corridor evaluate --isolation thread`).
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EvalJob, RunResult } from './types.ts';

export type HostKind = 'process' | 'thread';
export const HOST_KINDS: readonly HostKind[] = ['process', 'thread'];

export interface HostRequest {
  id: number;
  job: EvalJob;
}
export interface HostReply {
  ready?: true;
  id?: number;
  result?: RunResult;
}

/** A started host: 'message' (HostReply), 'error' (Error), 'exit' (a reason, for messages). */
export interface RunHost {
  postMessage(msg: HostRequest): void;
  on(event: 'message', fn: (msg: HostReply) => void): this;
  on(event: 'error', fn: (e: Error) => void): this;
  on(event: 'exit', fn: (reason: string) => void): this;
  off(event: 'message', fn: (msg: HostReply) => void): this;
  off(event: 'error', fn: (e: Error) => void): this;
  off(event: 'exit', fn: (reason: string) => void): this;
  once(event: 'error', fn: (e: Error) => void): this;
  terminate(): Promise<void>;
}

const THREAD_ENTRY = new URL('./worker-entry.mjs', import.meta.url);
const PROCESS_ENTRY = new URL('./process-entry.mjs', import.meta.url);

export function startRunHost(kind: HostKind): RunHost {
  return kind === 'thread' ? new ThreadHost() : new ProcessHost();
}

class ThreadHost extends EventEmitter implements RunHost {
  private readonly worker = new Worker(THREAD_ENTRY);
  constructor() {
    super();
    this.worker.on('message', (m: HostReply) => this.emit('message', m));
    this.worker.on('error', (e) => this.emit('error', e));
    this.worker.on('exit', (code) => this.emit('exit', `exited with code ${code}`));
  }
  postMessage(msg: HostRequest): void {
    this.worker.postMessage(msg);
  }
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

class ProcessHost extends EventEmitter implements RunHost {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  constructor() {
    super();
    // Only the GC flag: the entry registers tsx itself. 'advanced' serialization keeps NaN and
    // undefined in results as the structured clone of threads does.
    this.child = fork(fileURLToPath(PROCESS_ENTRY), [], { execArgv: ['--single-threaded-gc'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (m: HostReply) => this.emit('message', m));
    this.child.on('error', (e) => this.emit('error', e));
    this.child.on('exit', (code, signal) => this.emit('exit', signal ? `killed by ${signal}` : `exited with code ${code}`));
  }
  postMessage(msg: HostRequest): void {
    // A child that just died cannot take it; its 'exit' reports the run.
    if (this.child.connected) this.child.send(msg);
  }
  async terminate(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
