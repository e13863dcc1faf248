// What a SPATEM says about one signal group: the state in force and the seconds from the
// message's own instant (its IntersectionState moy + timeStamp) to the end of that state, then
// the announced following states. The numbering (IntersectionReferenceID.id, SignalGroupID) is
// v2x/facilities/intersection-ids.ts's; the group's numbers come from the snapshot.
import { intersectionIdOf } from '../../../v2x/facilities/intersection-ids.ts';
import type { LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { ENUMS } from '../../../v2x/generated/schema.ts';
import type { ItsMessage } from '../../../v2x/message-types.ts';
import { DSECOND_UNAVAILABLE, MINUTE_OF_THE_YEAR_INVALID, TIME_MARK_BEYOND_HOUR, TIME_MARK_UNKNOWN } from '../../../v2x/units.ts';
import { timeMarkSecondsFrom, utcMsOfMinuteOfYear } from './quantities.ts';

export interface PhaseTiming {
  /** MovementPhaseState as words ("stop and remain", "protected movement allowed"). */
  readonly state: string;
  /** Seconds from the message's instant to the likely end of the phase (minEndTime when no likelyTime); undefined when unknown. */
  readonly endsIn: number | undefined;
  /** Same for minEndTime and maxEndTime. */
  readonly minEndIn: number | undefined;
  readonly maxEndIn: number | undefined;
}

export interface SignalTiming {
  readonly intersectionId: number;
  readonly signalGroupId: number;
  /** The state in force, then the announced ones. */
  readonly phases: readonly PhaseTiming[];
}

/** The SignalGroupID and IntersectionReferenceID.id of a snapshot signal group, or undefined if unknown. */
export function signalNumbers(snapshot: LiveSnapshot, group: number): { intersectionId: number; signalGroupId: number } | undefined {
  const g = snapshot.signalGroups[group];
  const c = g ? snapshot.controllers[g.controller] : undefined;
  if (!g || !c) return undefined;
  const k = c.groups.indexOf(group);
  return k < 0 ? undefined : { intersectionId: intersectionIdOf(g.controller), signalGroupId: k + 1 };
}

const PHASE_NAMES = new Map(Object.entries(ENUMS['MovementPhaseState'] ?? {}).map(([name, n]) => [n, name.replace(/^MOVEMENT_PHASE_STATE_/, '').toLowerCase().replaceAll('_', ' ')]));

/** The timing of (intersection, signal group) in a SPATEM; undefined when the message does not carry it. */
export function signalTiming(msg: ItsMessage, intersectionId: number, signalGroupId: number): SignalTiming | undefined {
  for (const is of msg.spatem?.intersections ?? []) {
    if ((is.id?.id ?? 0) !== intersectionId) continue;
    const ms = (is.states ?? []).find((s) => (s.signalGroup ?? 0) === signalGroupId);
    if (!ms) return undefined;
    const moy = is.moy ?? MINUTE_OF_THE_YEAR_INVALID;
    const ds = is.timeStamp ?? DSECOND_UNAVAILABLE;
    const at = moy === MINUTE_OF_THE_YEAR_INVALID ? undefined : utcMsOfMinuteOfYear(moy, undefined) + (ds === DSECOND_UNAVAILABLE ? 0 : ds);
    const secs = (mark: number | null | undefined): number | undefined => {
      if (at === undefined || mark === null || mark === undefined || mark === TIME_MARK_UNKNOWN) return undefined;
      if (mark === TIME_MARK_BEYOND_HOUR) return Number.POSITIVE_INFINITY;
      return timeMarkSecondsFrom(mark, at);
    };
    const phases = (ms.stateTimeSpeed ?? []).map((ev): PhaseTiming => {
      const t = ev.timing;
      const minEndIn = secs(t?.minEndTime);
      return {
        state: PHASE_NAMES.get(Number(ev.eventState ?? 0)) ?? String(ev.eventState),
        endsIn: t?.likelyTime != null ? secs(t.likelyTime) : minEndIn,
        minEndIn,
        maxEndIn: t?.maxEndTime != null ? secs(t.maxEndTime) : minEndIn,
      };
    });
    return { intersectionId, signalGroupId, phases };
  }
  return undefined;
}
