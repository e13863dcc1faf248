// Road-side units: position, mast height and the controllers (by key) whose SPATEM/MAPEM they send.
import type { Scenario } from '../../scenarios/schema.ts';
import { asRsu } from '../ids.ts';
import type { NetworkBuilder } from './builder.ts';

export function buildRsus(b: NetworkBuilder, scenario: Scenario): void {
  scenario.rsus.forEach((r, k) => {
    const serves = r.serves.map((key) => {
      try {
        return b.controller(key);
      } catch {
        throw new Error(`RSU "${r.id}" serves unknown signal controller "${key}"`);
      }
    });
    b.rsus.push({ id: asRsu(k), key: r.id, x: r.position[0], y: r.position[1], mastHeight: r.mastHeight, serves });
  });
}
