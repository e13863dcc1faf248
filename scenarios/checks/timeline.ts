// Timeline events: their time windows, places, lanes and the controllers they fail.
import type { CheckContext } from './context.ts';
import { checkLane, checkPlace } from './places.ts';
import { checkControllerRef } from './signals.ts';

export function checkTimeline(ctx: CheckContext): void {
  ctx.scenario.timeline.forEach((event, i) => {
    const path = ['timeline', i];
    if (event.end !== undefined && event.end <= event.start) {
      ctx.report([...path, 'end'], `must be after start (${event.start} s), got ${event.end}`);
    }
    switch (event.type) {
      case 'laneClosure':
      case 'obstacle':
      case 'stationaryVehicle': {
        const lanes = checkPlace(ctx, event, path, { needsDirection: true });
        checkLane(ctx, event.lane, lanes, [...path, 'lane']);
        break;
      }
      case 'signalFailure':
        checkControllerRef(ctx, event.signal, [...path, 'signal']);
        break;
      case 'weather':
        break;
    }
  });
}
