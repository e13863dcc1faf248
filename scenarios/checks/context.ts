// What every semantic check gets: the validated scenario, a few lookups computed once,
// and a way to report a problem at a path.
import { corridorLength, linkLength } from '../geometry.ts';
import type { Path } from '../paths.ts';
import { controllerIds } from '../references.ts';
import type { Scenario } from '../schema.ts';
import type { PendingIssue } from '../zod-issues.ts';

export type ExplicitLink = NonNullable<Scenario['network']['explicit']>['links'][number];

export interface CheckContext {
  readonly scenario: Scenario;
  /** Controller id -> controlled node id (see controllerIds). */
  readonly controllers: ReadonlyMap<string, string>;
  /** Corridor centreline length in metres, when there is a corridor. */
  readonly corridorLength: number | undefined;
  /** Explicit links by id (first wins on duplicates, which are reported separately). */
  readonly links: ReadonlyMap<string, { link: ExplicitLink; length: number | undefined }>;
  report(path: Path, message: string): void;
}

export function createContext(scenario: Scenario, issues: PendingIssue[]): CheckContext {
  const links = new Map<string, { link: ExplicitLink; length: number | undefined }>();
  const explicit = scenario.network.explicit;
  for (const link of explicit?.links ?? []) {
    if (explicit && !links.has(link.id)) links.set(link.id, { link, length: linkLength(explicit, link) });
  }
  const corridor = scenario.network.corridor;
  return {
    scenario,
    controllers: controllerIds(scenario),
    corridorLength: corridor ? corridorLength(corridor) : undefined,
    links,
    report: (path, message) => issues.push({ path, message }),
  };
}
