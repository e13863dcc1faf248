// Where vehicles enter and leave the network (the names flows use).
//   Corridor: `<id>:start` enters on the first forward link and leaves by the first backward
//     link (which ends at the start node); `<id>:end` the other way round; `<crossStreetId>:left`
//     / `:right` enter on the arm's `in` link and leave by its `out` link.
//   Explicit: a link is an entry if no link other than its own reverse arrives at its from-node,
//     and an exit if no link other than its own reverse leaves its to-node (so the two
//     directions of a dead-end street are an entry and an exit). Key = link id.
import type { LinkId } from '../ids.ts';
import type { NetworkBuilder } from './builder.ts';
import type { CorridorLayout } from './corridor.ts';

export function buildCorridorTerminals(b: NetworkBuilder, layout: CorridorLayout): void {
  const last = layout.forward.length - 1;
  const add = (key: string, entry: LinkId, exit: LinkId) => {
    b.entries.push({ key, link: entry });
    b.exits.push({ key, link: exit });
  };
  add(`${layout.id}:start`, layout.forward[0]!, layout.backward[0]!);
  add(`${layout.id}:end`, layout.backward[last]!, layout.forward[last]!);
  for (const s of layout.splits) {
    for (const arm of [s.left, s.right]) {
      if (arm) add(`${s.key}:${arm.side}`, arm.in, arm.out);
    }
  }
}

export function buildExplicitTerminals(b: NetworkBuilder, links: readonly LinkId[]): void {
  for (const id of links) {
    const link = b.links[id]!;
    const arriving = b.links.some((o) => o.to === link.from && o.id !== link.reverse);
    const leaving = b.links.some((o) => o.from === link.to && o.id !== link.reverse);
    if (!arriving) b.entries.push({ key: link.key, link: id });
    if (!leaving) b.exits.push({ key: link.key, link: id });
  }
}
