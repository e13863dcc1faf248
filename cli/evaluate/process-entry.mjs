// Child-process entry of the evaluation pool (run-host.ts): registers tsx's loader, then loads the
// TypeScript worker, which talks to the parent over the IPC channel.
import { register } from 'tsx/esm/api';

// The parent decides when runs stop: a terminal's Ctrl-C reaches the whole process group, and
// the parent then ends its hosts itself (it keeps the finished runs, not a half-done one).
process.on('SIGINT', () => {});
// The parent is gone (killed): nothing will collect the results.
process.on('disconnect', () => process.exit(0));

register();
await import('./worker.ts');
