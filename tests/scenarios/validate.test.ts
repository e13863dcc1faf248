import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../cli/validate.ts';
import { fixture } from './helpers.ts';

function capture(): { out: string[]; err: string[]; io: { out(l: string): void; err(l: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

describe('validateCommand', () => {
  it('prints a summary and returns 0 for a valid scenario', async () => {
    const c = capture();
    const file = fixture('full.yaml');
    expect(await validateCommand({ file, set: [], json: false }, c.io)).toBe(0);
    expect(c.out).toEqual([`✓ ${file}: Full corridor — 3 cross streets, 3 signals, 2 RSUs, 1 shuttle lines, 2 flows`]);
    expect(c.err).toEqual([]);
  });

  it('prints every issue to stderr and returns 2 for an invalid one', async () => {
    const c = capture();
    const file = fixture('wrong-type.yaml');
    expect(await validateCommand({ file, set: [], json: false }, c.io)).toBe(2);
    expect(c.err).toEqual([`${file}:5:9: run.tick: expected number, got string "abc"`]);
    expect(c.out).toEqual([]);
  });

  it('reports as JSON', async () => {
    const c = capture();
    const file = fixture('minimal.yaml');
    expect(await validateCommand({ file, set: ['run.tick=9'], json: true }, c.io)).toBe(2);
    expect(JSON.parse(c.out.join('\n'))).toEqual({
      ok: false,
      file,
      name: null,
      issues: [{ file: '--set run.tick=9', path: 'run.tick', message: 'must be <= 1 (s), got 9' }],
    });
    const ok = capture();
    expect(await validateCommand({ file, set: [], json: true }, ok.io)).toBe(0);
    expect(JSON.parse(ok.out.join('\n'))).toEqual({ ok: true, file, name: 'Minimal', issues: [] });
  });
});
