// One tick of the world, in a fixed order. Pure: the same world and inputs give the same result.
import type { World } from './world.ts';
import type { SimEvent } from './events.ts';
import { updateTimeline } from './timeline.ts';
import { computeSignalStates, type SignalState } from './signals.ts';
import { updatePedestrians } from './pedestrians.ts';
import { computeAccelerations, integrate } from './movement.ts';
import { advanceAcrossLanes } from './transitions.ts';
import { changeLanes } from './lane-change.ts';
import { updateShuttles } from './shuttles.ts';
import { updateDemand } from './demand.ts';
import { updateKnowledge } from './automation.ts';
import type { KnowledgeUpdate } from './knowledge.ts';

/** What enters the simulation from outside at a tick boundary, applied before anything moves. */
export interface StepInputs {
  /** What the shuttles learnt by radio during the previous tick (closed loop). */
  readonly knowledge?: readonly KnowledgeUpdate[];
}

/** Advances the world from tick t to t+1 and returns what happened. */
export function step(w: World, inputs?: StepInputs): SimEvent[] {
  const events: SimEvent[] = [];
  updateKnowledge(w, inputs?.knowledge);
  updateTimeline(w, events);
  updateSignals(w, events);
  updatePedestrians(w, events);
  computeAccelerations(w);
  integrate(w);
  advanceAcrossLanes(w, events);
  changeLanes(w);
  updateShuttles(w, events);
  updateDemand(w, events);
  w.tick++;
  return events;
}

function updateSignals(w: World, events: SimEvent[]): void {
  computeSignalStates(w.net, w.time, w.dark, w.groupState);
  const gs = w.groupState;
  const prev = w.prevGroupState;
  for (let g = 0; g < gs.length; g++) {
    if (gs[g] === prev[g]) continue;
    const group = w.net.groups[g]!;
    events.push({
      type: 'signalChanged',
      tick: w.tick,
      controller: w.net.controllers[group.controller]!.key,
      group: group.name,
      state: gs[g] as SignalState,
    });
  }
  prev.set(gs);
}
