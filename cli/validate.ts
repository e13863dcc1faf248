// `corridor validate FILE [--set PATH=VALUE]... [--json]`: loads a scenario and reports
// either a one-line summary or every problem found. Exit code 2 means "the scenario is
// invalid", distinct from 1 (a crash) so scripts can tell them apart.
import { ScenarioError, controllerIds, formatIssue, loadScenarioFile } from '../scenarios/load.ts';
import type { ScenarioIssue } from '../scenarios/load.ts';

export interface ValidateArgs {
  file: string;
  set: string[];
  json: boolean;
}

/** Where output goes; tests pass their own. */
export interface ValidateIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: ValidateIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export const EXIT_INVALID = 2;

export async function validateCommand(args: ValidateArgs, io: ValidateIo = processIo): Promise<number> {
  try {
    const { scenario } = await loadScenarioFile(args.file, args.set);
    if (args.json) {
      io.out(JSON.stringify({ ok: true, file: args.file, name: scenario.name, issues: [] satisfies ScenarioIssue[] }));
    } else {
      const counts = [
        `${scenario.network.corridor?.crossStreets.length ?? 0} cross streets`,
        `${controllerIds(scenario).size} signals`,
        `${scenario.rsus.length} RSUs`,
        `${scenario.shuttles.length} shuttle lines`,
        `${scenario.demand.flows.length} flows`,
      ];
      io.out(`✓ ${args.file}: ${scenario.name} — ${counts.join(', ')}`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    if (args.json) io.out(JSON.stringify({ ok: false, file: args.file, name: null, issues: error.issues }));
    else for (const issue of error.issues) io.err(formatIssue(issue));
    return EXIT_INVALID;
  }
}
