// Paths into a scenario document, e.g. ['rsus', 2, 'position'] <-> 'rsus[2].position'.
// One module owns both directions so that every path printed in an error message
// can be pasted back into `--set PATH=VALUE` and mean the same place.

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Keys printed with a dot; anything else (including ids with ":") is printed as ["quoted"], unambiguous and round-trippable. */
const DOTTED_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Keys the parser accepts after a dot: a bit looser than DOTTED_KEY (leading digits are fine). */
const DOTTED_KEY_CHARS = /[A-Za-z0-9_:$-]/;

export function formatPath(path: readonly PathSegment[]): string {
  // The empty path still needs a name: an issue's path must never be blank.
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (DOTTED_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** True when `prefix` addresses `path` itself or one of its ancestors. */
export function isPathPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

export class PathSyntaxError extends Error {}

/**
 * Parses `a.b[2].c` and `a["odd key"]`; the inverse of formatPath.
 * Throws PathSyntaxError with a message meant for the user.
 */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new PathSyntaxError(`${what} at character ${i + 1} of path "${text}"`);
  };
  const readKey = (): string => {
    const start = i;
    while (i < text.length && DOTTED_KEY_CHARS.test(text[i] ?? '')) i++;
    if (i === start) fail('expected a field name');
    return text.slice(start, i);
  };

  if (text.length === 0) throw new PathSyntaxError('empty path');
  if (text[0] !== '[') segments.push(readKey());
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      i++;
      segments.push(readKey());
    } else if (c === '[') {
      i++;
      if (text[i] === '"') segments.push(readQuotedKey());
      else segments.push(readIndex());
      if (text[i] !== ']') fail('expected "]"');
      i++;
    } else {
      fail(`unexpected "${c}"`);
    }
  }
  return segments;

  function readIndex(): number {
    const start = i;
    while (i < text.length && /[0-9]/.test(text[i] ?? '')) i++;
    if (i === start) fail('expected a list index (0, 1, 2, ...) or a "quoted key"');
    const index = Number(text.slice(start, i));
    if (!Number.isSafeInteger(index)) fail('list index too large');
    return index;
  }

  function readQuotedKey(): string {
    // A JSON string literal: scan to the closing quote, honouring backslash escapes.
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated quoted key');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('invalid quoted key');
    }
  }
}
