import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../scenarios/paths.ts';

describe('parsePath', () => {
  it('reads dots, indices and quoted keys', () => {
    expect(parsePath('rsus[1].position')).toEqual(['rsus', 1, 'position']);
    expect(parsePath('demand.flows[0].exits["main:end"]')).toEqual(['demand', 'flows', 0, 'exits', 'main:end']);
    expect(parsePath('demand.flows[0].exits.main:end')).toEqual(['demand', 'flows', 0, 'exits', 'main:end']);
    expect(parsePath('[2]')).toEqual([2]);
  });

  it.each(['', 'a.', 'a[', 'a[1', 'a[-1]', 'a["x]', 'a b', '.a'])('rejects %j', (text) => {
    expect(() => parsePath(text)).toThrow();
  });

  it('is the inverse of formatPath, so error paths can be pasted into --set', () => {
    const segment = fc.oneof(fc.string(), fc.nat(), fc.constantFrom('rsus', 'I1:left', 'a.b', '"', '\\', '0'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (path) => {
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
      { numRuns: 300 },
    );
  });
});
