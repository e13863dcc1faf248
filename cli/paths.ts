// Where the package's own files are, independent of the working directory (so `npx corridor`
// finds the embedded default scenario from anywhere).
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SCENARIO = join(PACKAGE_ROOT, 'scenarios', 'default.yaml');
export const BENCH_SCENARIOS = ['bench-100', 'bench-1k', 'bench-10k'].map((n) => join(PACKAGE_ROOT, 'scenarios', 'bench', `${n}.yaml`));
