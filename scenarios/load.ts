// Loads a scenario file (YAML or JSON): parse -> apply --set overrides -> schema ->
// semantic checks. Every stage reports all its problems as one ScenarioError whose
// issues carry a path and, where the file says it, a line and column.
import { readFile } from 'node:fs/promises';
import { Document } from 'yaml';
import { ScenarioError, overrideLabel } from './errors.ts';
import type { ScenarioIssue } from './errors.ts';
import { applyOverrides, parseOverride } from './overrides.ts';
import type { Override } from './overrides.ts';
import { formatPath, isPathPrefix } from './paths.ts';
import type { Path } from './paths.ts';
import { Scenario, Variant } from './schema.ts';
import { checkScenario } from './semantics.ts';
import { locate, parseSource, toPlainData } from './source.ts';
import type { ScenarioSource } from './source.ts';
import { describeZodIssues } from './zod-issues.ts';
import { BASE_VARIANT, mergeOverlay, writerOf } from './variants.ts';
import type { PendingIssue } from './zod-issues.ts';

export { ScenarioError, formatIssue } from './errors.ts';
export type { ScenarioIssue } from './errors.ts';
export { formatPath } from './paths.ts';
export { controllerIds, entryNames } from './references.ts';
export { BASE_VARIANT } from './variants.ts';

export interface LoadedScenario {
  file: string;
  /** The file exactly as read (before overrides), so recordings can store it. */
  text: string;
  scenario: Scenario;
  /** The variant applied (docs/evaluation.md); absent for the file as written. */
  variant?: string;
}

export interface LoadOptions {
  /**
   * Load this variant of the file (its `variants.<name>` overlay and `set`), then the overrides;
   * `base` or absent = the file as written, whose variants are then all checked too.
   */
  variant?: string;
  /**
   * With the file as written: also build every variant and report their problems (default).
   * An evaluation turns this off so that a broken variant fails its own runs, not the others.
   */
  checkVariants?: boolean;
}

export function parseScenarioText(text: string, file: string, overrides: readonly string[] = [], options: LoadOptions = {}): LoadedScenario {
  const { source, issues: syntaxIssues } = parseSource(text, file);
  if (syntaxIssues.length > 0) throw new ScenarioError(sortByLine(syntaxIssues));

  const applied = parseOverrides(overrides);
  if (options.variant !== undefined && options.variant !== BASE_VARIANT) {
    return { file, text, scenario: buildVariant(source, options.variant, applied), variant: options.variant };
  }
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

  // Every variant must build as well: a broken variant is found by `corridor validate`, not
  // halfway through an evaluation. Checked on the file without the command line's overrides.
  const variantIssues: ScenarioIssue[] = [];
  if (options.checkVariants !== false && Object.keys(result.data.variants).length > 0) {
    const { source: pristine } = parseSource(text, file);
    for (const name of Object.keys(result.data.variants)) {
      try {
        buildVariant(pristine, name, []);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        variantIssues.push(...e.issues);
      }
    }
  }
  if (variantIssues.length > 0) throw new ScenarioError(sortByLine(variantIssues));

  return options.variant === BASE_VARIANT ? { file, text, scenario: result.data, variant: BASE_VARIANT } : { file, text, scenario: result.data };
}

function parseOverrides(overrides: readonly string[]): Override[] {
  const applied: Override[] = [];
  const badOverrides: ScenarioIssue[] = [];
  for (const raw of overrides) {
    const parsed = parseOverride(raw);
    if ('issue' in parsed) badOverrides.push(parsed.issue);
    else applied.push(parsed.override);
  }
  if (badOverrides.length > 0) throw new ScenarioError(badOverrides);
  return applied;
}

/**
 * The scenario of one variant: the file's data (without its `variants` block) with the
 * variant's overlay merged in, its `set` overrides applied, then the command line's overrides.
 * Problems are reported as `variants.<name>.<path>`, at the line of the overlay value or `set`
 * entry that wrote the path, else at the file's own line for it.
 */
function buildVariant(source: ScenarioSource, name: string, overrides: readonly Override[]): Scenario {
  const plain = toPlainData(source);
  if ('issue' in plain) throw new ScenarioError([plain.issue]);
  const data = isRecord(plain.data) ? plain.data : {};
  const variants = isRecord(data.variants) ? data.variants : {};
  const here = (path: Path, message: string, target?: 'key' | 'value'): ScenarioIssue => ({ file: source.file, path: formatPath(path), ...locate(source, path, target), message });
  if (!Object.hasOwn(variants, name)) {
    const known = [BASE_VARIANT, ...Object.keys(variants)].join(', ');
    throw new ScenarioError([here(['variants'], `unknown variant "${name}" (known: ${known})`)]);
  }
  const spec = Variant.safeParse(variants[name]);
  if (!spec.success) {
    const pending = describeZodIssues(spec.error.issues, Variant, variants[name]);
    throw new ScenarioError(sortByLine(pending.map((p) => here(['variants', name, ...p.path], p.message, p.target))));
  }
  const { variants: _variants, ...base } = data;
  if (spec.data.overlay && Object.hasOwn(spec.data.overlay, 'variants')) {
    throw new ScenarioError([here(['variants', name, 'overlay', 'variants'], 'a variant cannot define variants', 'key')]);
  }
  const { data: merged, written } = mergeOverlay(base, spec.data.overlay ?? {});

  // `set` entries, then the command line's overrides, through the same machinery as --set.
  const doc = new Document(merged);
  const sets: { override: Override; index: number }[] = [];
  const setIssues: ScenarioIssue[] = [];
  spec.data.set.forEach((raw, index) => {
    const parsed = parseOverride(raw);
    const at = ['variants', name, 'set', index];
    if ('issue' in parsed) setIssues.push(here(at, parsed.issue.message));
    else {
      sets.push({ override: parsed.override, index });
      for (const problem of applyOverrides(doc, [parsed.override])) setIssues.push(here(at, `${problem.path}: ${problem.message}`));
    }
  });
  if (setIssues.length > 0) throw new ScenarioError(setIssues);
  const unapplied = applyOverrides(doc, overrides);
  if (unapplied.length > 0) throw new ScenarioError(unapplied);
  const finalData: unknown = doc.toJS();

  const placeVariant = (issue: PendingIssue): ScenarioIssue => {
    const path = formatPath(['variants', name, ...issue.path]);
    const override = [...overrides].reverse().find((o) => isPathPrefix(o.path, issue.path));
    if (override) return { file: overrideLabel(override.raw), path: formatPath(issue.path), message: issue.message };
    const set = [...sets].reverse().find((s) => isPathPrefix(s.override.path, issue.path));
    if (set) return { file: source.file, path, ...locate(source, ['variants', name, 'set', set.index]), message: issue.message };
    const writer = writerOf(written, issue.path);
    if (writer) {
      const rest = issue.path.slice(writer.path.length);
      return { file: source.file, path, ...locate(source, ['variants', name, 'overlay', ...writer.from, ...rest], issue.target), message: issue.message };
    }
    return { file: source.file, path, ...locate(source, issue.path, issue.target), message: issue.message };
  };
  const result = Scenario.safeParse(finalData);
  if (!result.success) {
    const pending = describeZodIssues(result.error.issues, Scenario, finalData);
    throw new ScenarioError(sortByLine(pending.map(placeVariant)));
  }
  const semantic = checkScenario(result.data);
  if (semantic.length > 0) throw new ScenarioError(sortByLine(semantic.map(placeVariant)));
  return result.data;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export async function loadScenarioFile(file: string, overrides: readonly string[] = [], options: LoadOptions = {}): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioError([{ file, path: '(file)', message: readErrorMessage(error) }]);
  }
  return parseScenarioText(text, file, overrides, options);
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
