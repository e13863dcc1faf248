// Robustness: whatever a file contains, loading either succeeds or fails with a
// ScenarioError whose issues all say where and what, never with a crash.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ScenarioError, parseScenarioText } from '../../scenarios/load.ts';
import { fixture } from './helpers.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Segment = string | number;

const valid = JSON.parse(JSON.stringify(parseScenarioText(readFileSync(fixture('full.yaml'), 'utf8'), 'full.yaml').scenario)) as Json;

/** Every path in the value, containers included, so mutations hit all depths. */
function allPaths(value: Json, prefix: Segment[] = []): Segment[][] {
  const paths: Segment[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...allPaths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths.push(...allPaths(v, [...prefix, k]));
  return paths;
}

function setAt(root: Json, path: Segment[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(root);
  let node = copy as Record<Segment, Json>;
  for (const segment of path.slice(0, -1)) node = node[segment] as unknown as Record<Segment, Json>;
  const last = path[path.length - 1] as Segment;
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

const paths = allPaths(valid);
// Values near the schema's own vocabulary find deeper bugs than random noise alone.
const interesting = fc.constantFrom<Json>('I1', 'S2', 'P1', 'C1', 'main:start', 'I3:right', 'signal', 'zebra', 'forward', -1, 0, 1e9, 0.5, 2, '', [], {}, [0, 0]);
const mutation = fc.record({
  path: fc.constantFrom(...paths),
  value: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, interesting), { nil: undefined, freq: 8 }),
  key: fc.option(fc.string({ maxLength: 8 }), { nil: undefined, freq: 4 }),
  asJson: fc.boolean(),
});

describe('loading mutated scenarios', () => {
  it('never throws anything but a ScenarioError with paths and messages', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        let data = valid;
        for (const m of mutations) {
          // A random extra key exercises unknown-field reporting at every depth.
          const path = m.key !== undefined && m.value !== undefined ? [...m.path, m.key] : m.path;
          try {
            data = setAt(data, path, m.value);
          } catch {
            // The path no longer exists after an earlier mutation: skip this one.
          }
        }
        const text = mutations[0]?.asJson ? JSON.stringify(data) : stringify(data);
        try {
          parseScenarioText(text, 'mutated');
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
          const issues = (error as ScenarioError).issues;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) {
            expect(issue.path).not.toBe('');
            expect(issue.message).not.toBe('');
            expect(issue.file).not.toBe('');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
