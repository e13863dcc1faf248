// Traffic demand: where vehicle flows enter and leave, which crosswalks pedestrians use.
import type { Path } from '../paths.ts';
import { entryNames, knownList } from '../references.ts';
import type { CheckContext } from './context.ts';

export function checkDemand(ctx: CheckContext): void {
  const s = ctx.scenario;
  const names = entryNames(s);

  s.demand.flows.forEach((flow, i) => {
    const path = ['demand', 'flows', i];
    checkEntryName(ctx, names, flow.entry, [...path, 'entry'], 'entry');
    if (flow.exits) {
      const weights = Object.entries(flow.exits);
      for (const [exit] of weights) checkEntryName(ctx, names, exit, [...path, 'exits', exit], 'exit');
      if (weights.length > 0 && weights.every(([, w]) => w === 0)) ctx.report([...path, 'exits'], 'exit weights are all 0: at least one must be positive');
    }
    if (flow.end !== undefined && flow.end <= flow.begin) {
      ctx.report([...path, 'end'], `must be after begin (${flow.begin} s), got ${flow.end}`);
    }
  });

  const crosswalks = s.crosswalks.map((c) => c.id);
  s.demand.pedestrians.forEach((flow, i) => {
    const path = ['demand', 'pedestrians', i];
    if (!crosswalks.includes(flow.crosswalk)) ctx.report([...path, 'crosswalk'], `unknown crosswalk "${flow.crosswalk}" ${knownList(crosswalks)}`);
    const [slow, fast] = flow.speed;
    if (slow > fast) ctx.report([...path, 'speed'], `the range must be [slowest, fastest], got [${slow}, ${fast}]`);
  });
}

function checkEntryName(ctx: CheckContext, names: readonly string[], name: string, path: Path, what: 'entry' | 'exit'): void {
  if (names.includes(name)) return;
  ctx.report(path, `unknown ${what} "${name}"${whyMissing(ctx, name)} ${knownList(names)}`);
}

/** Explains the common near-miss: naming the arm of a cross street that has none. */
function whyMissing(ctx: CheckContext, name: string): string {
  const match = /^(.*):(left|right)$/.exec(name);
  if (!match) return '';
  const [, id, side] = match;
  const crossStreet = ctx.scenario.network.corridor?.crossStreets.find((c) => c.id === id);
  if (!crossStreet) return '';
  return ` (cross street "${id}" has no ${side} arm: ${side}Arm is 0)`;
}
