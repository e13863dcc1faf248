// Driving one facility directly, tick by tick, and checking every message it sends.
import { expect } from 'vitest';
import { step } from '../../sim/step.ts';
import type { World } from '../../sim/world.ts';
import { StationTable } from '../../v2x/stations.ts';
import type { Facility, Outgoing } from '../../v2x/runtime.ts';
import type { Family } from '../../v2x/families.ts';
import type { ItsMessage } from '../../v2x/message-types.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageToJson } from '../../v2x/codec.ts';
import { formatIssue, validateItsMessage } from '../../v2x/validate.ts';

export interface Sent {
  time: number;
  sender: number;
  stationId: number;
  message: ItsMessage;
}

/**
 * Steps the world for `seconds`, runs the facility after every tick and checks every message:
 * its family, every ETSI range, a binary round trip, and the sender's station id in the header.
 */
export function runFacility(w: World, f: Facility, family: Family, seconds: number, sent: Sent[] = [], each?: (out: Outgoing[]) => void): Sent[] {
  const st = new StationTable();
  const ticks = Math.round(seconds / w.dt);
  for (let k = 0; k < ticks; k++) {
    const events = step(w);
    st.refresh(w, w.scenario.v2x.equipment);
    const out: Outgoing[] = [];
    f.generate({ world: w, stations: st, time: w.time, tick: w.tick, events }, out);
    for (const o of out) {
      expect(o.family).toBe(family);
      expect(validateItsMessage(o.message).map(formatIssue)).toEqual([]);
      const back = decodeItsMessage(encodeItsMessage(o.message));
      expect(itsMessageToJson(back)).toEqual(itsMessageToJson(o.message));
      expect(o.message.header!.stationId).toBe(st.stationId[o.sender]);
      sent.push({ time: w.time, sender: o.sender, stationId: st.stationId[o.sender]!, message: o.message });
    }
    each?.(out);
  }
  return sent;
}
