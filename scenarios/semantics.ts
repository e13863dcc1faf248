// Checks that need the whole scenario (references, geometry, ordering), run once the
// schema has accepted its shape. Each returns problems rather than throwing, so the
// user sees all of them at once.
import { checkDemand } from './checks/demand.ts';
import { checkIds } from './checks/ids.ts';
import { createContext } from './checks/context.ts';
import { checkNetwork } from './checks/network.ts';
import { checkShuttles } from './checks/shuttles.ts';
import { checkSignals } from './checks/signals.ts';
import { checkTimeline } from './checks/timeline.ts';
import type { Scenario } from './schema.ts';
import type { PendingIssue } from './zod-issues.ts';

export function checkScenario(scenario: Scenario): PendingIssue[] {
  const issues: PendingIssue[] = [];
  const ctx = createContext(scenario, issues);
  checkIds(ctx);
  checkNetwork(ctx);
  checkSignals(ctx);
  checkDemand(ctx);
  checkShuttles(ctx);
  checkTimeline(ctx);
  return issues;
}
