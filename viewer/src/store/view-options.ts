// What the user chose to see: camera mode, radio families shown, layers on or off. A tiny
// observable outside React (the scene reads it every render frame; panels subscribe).
import { FAMILIES, type Family } from '../../../v2x/families.ts';

export type CameraMode = 'orbit' | 'follow' | 'route';
/** Radio filter groups of the UI (SPATEM and MAPEM go together: both describe intersections). */
export const RADIO_GROUPS = ['cam', 'denm', 'spatem-mapem', 'ivim', 'cpm', 'vam'] as const;
export type RadioGroup = (typeof RADIO_GROUPS)[number];

export function radioGroupOf(f: Family): RadioGroup {
  return f === 'spatem' || f === 'mapem' ? 'spatem-mapem' : f;
}

export const FAMILY_COLOURS: Record<Family, string> = {
  cam: '#4fc3f7',
  denm: '#ef5350',
  spatem: '#ffca28',
  mapem: '#ffe082',
  ivim: '#ba68c8',
  cpm: '#66bb6a',
  vam: '#ff8a65',
};

export interface ViewOptionsState {
  camera: CameraMode;
  /** Radio groups drawn (pulses and lines). */
  radio: ReadonlySet<RadioGroup>;
  coverage: boolean;
  hazards: boolean;
  help: boolean;
}

export class ViewOptions {
  private s: ViewOptionsState = {
    camera: 'orbit',
    radio: new Set<RadioGroup>(['denm', 'spatem-mapem', 'ivim', 'cpm']),
    coverage: true,
    hazards: true,
    help: false,
  };
  private readonly listeners = new Set<() => void>();
  /** Incremented on every change. */
  version = 0;

  get state(): ViewOptionsState {
    return this.s;
  }

  set(patch: Partial<ViewOptionsState>): void {
    this.s = { ...this.s, ...patch };
    this.version++;
    for (const fn of this.listeners) fn();
  }

  toggleRadio(g: RadioGroup): void {
    const radio = new Set(this.s.radio);
    if (radio.has(g)) radio.delete(g);
    else radio.add(g);
    this.set({ radio });
  }

  showsFamily(f: Family): boolean {
    return this.s.radio.has(radioGroupOf(f));
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** Every family is in exactly one radio group (checked once at load). */
for (const f of FAMILIES) if (!RADIO_GROUPS.includes(radioGroupOf(f))) throw new Error(`family ${f} has no radio group`);
