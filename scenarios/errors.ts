// The error type every scenario problem is reported through: one exception carrying
// every issue found, so a user fixes a file in one round rather than one error at a time.

export interface ScenarioIssue {
  /** The scenario file, or `--set PATH=VALUE` for a problem caused by a command-line override. */
  file: string;
  /** Where in the scenario, e.g. `rsus[2].position`; `(syntax)`, `(file)` or `(root)` when not a field. */
  path: string;
  /** 1-based line and column in `file`, when known. */
  line?: number;
  column?: number;
  message: string;
}

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${issue.path}: ${issue.message}`;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

/** Label used as `file` for an issue caused by a `--set` override. */
export function overrideLabel(raw: string): string {
  return `--set ${raw}`;
}
