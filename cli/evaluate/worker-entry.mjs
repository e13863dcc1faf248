// Worker-thread entry of the evaluation pool: registers tsx's loader in this thread (the main
// thread's registration does not carry over to workers), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
