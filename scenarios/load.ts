// Loads a scenario file (YAML or JSON): parse -> apply --set overrides -> schema ->
// semantic checks. Every stage reports all its problems as one ScenarioError whose
// issues carry a path and, where the file says it, a line and column.
import { readFile } from 'node:fs/promises';
import { ScenarioError, overrideLabel } from './errors.ts';
import type { ScenarioIssue } from './errors.ts';
import { applyOverrides, parseOverride } from './overrides.ts';
import type { Override } from './overrides.ts';
import { formatPath, isPathPrefix } from './paths.ts';
import { Scenario } from './schema.ts';
import { checkScenario } from './semantics.ts';
import { locate, parseSource, toPlainData } from './source.ts';
import type { ScenarioSource } from './source.ts';
import { describeZodIssues } from './zod-issues.ts';
import type { PendingIssue } from './zod-issues.ts';

export { ScenarioError, formatIssue } from './errors.ts';
export type { ScenarioIssue } from './errors.ts';
export { formatPath } from './paths.ts';
export { controllerIds, entryNames } from './references.ts';

export interface LoadedScenario {
  file: string;
  /** The file exactly as read (before overrides), so recordings can store it. */
  text: string;
  scenario: Scenario;
}

export function parseScenarioText(text: string, file: string, overrides: readonly string[] = []): LoadedScenario {
  const { source, issues: syntaxIssues } = parseSource(text, file);
  if (syntaxIssues.length > 0) throw new ScenarioError(sortByLine(syntaxIssues));

  const applied: Override[] = [];
  const badOverrides: ScenarioIssue[] = [];
  for (const raw of overrides) {
    const parsed = parseOverride(raw);
    if ('issue' in parsed) badOverrides.push(parsed.issue);
    else applied.push(parsed.override);
  }
  if (badOverrides.length > 0) throw new ScenarioError(badOverrides);
  const unapplied = applyOverrides(source.doc, applied);
  if (unapplied.length > 0) throw new ScenarioError(unapplied);

  const plain = toPlainData(source);
  if ('issue' in plain) throw new ScenarioError([plain.issue]);

  const result = Scenario.safeParse(plain.data);
  if (!result.success) {
    const pending = describeZodIssues(result.error.issues, Scenario, plain.data);
    throw new ScenarioError(sortByLine(pending.map((p) => place(source, applied, p))));
  }

  const semantic = checkScenario(result.data);
  if (semantic.length > 0) throw new ScenarioError(sortByLine(semantic.map((p) => place(source, applied, p))));

  return { file, text, scenario: result.data };
}

export async function loadScenarioFile(file: string, overrides: readonly string[] = []): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioError([{ file, path: '(file)', message: readErrorMessage(error) }]);
  }
  return parseScenarioText(text, file, overrides);
}

function readErrorMessage(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a scenario file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Ties an issue to where the user can fix it: the `--set` that last wrote the path (or an
 * ancestor of it), otherwise the line and column in the file.
 */
function place(source: ScenarioSource, overrides: readonly Override[], issue: PendingIssue): ScenarioIssue {
  const path = formatPath(issue.path);
  const override = [...overrides].reverse().find((o) => isPathPrefix(o.path, issue.path));
  if (override) return { file: overrideLabel(override.raw), path, message: issue.message };
  return { file: source.file, path, ...locate(source, issue.path, issue.target), message: issue.message };
}

/** Reading order; issues without a line (e.g. from --set) keep their order, after the rest. */
function sortByLine(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => lineKey(a.issue) - lineKey(b.issue) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.index - b.index)
    .map((x) => x.issue);
}

function lineKey(issue: ScenarioIssue): number {
  return issue.line ?? Number.MAX_SAFE_INTEGER;
}
