// Keyboard shortcuts: one table, used by the key handler and shown by the help overlay.
export interface Shortcut {
  keys: string[];
  /** What it does, for the help overlay. */
  label: string;
  action: ShortcutAction;
}

export type ShortcutAction =
  | 'togglePlay'
  | 'step'
  | 'stepBack'
  | 'faster'
  | 'slower'
  | 'cameraOrbit'
  | 'cameraFollow'
  | 'cameraRoute'
  | 'toggleCoverage'
  | 'toggleHazards'
  | 'deselect'
  | 'help';

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Space'], label: 'Play / pause', action: 'togglePlay' },
  { keys: ['.'], label: 'Step one tick (paused)', action: 'step' },
  { keys: [','], label: 'Step one tick back (recordings)', action: 'stepBack' },
  { keys: ['+'], label: 'Faster', action: 'faster' },
  { keys: ['-'], label: 'Slower', action: 'slower' },
  { keys: ['1'], label: 'Orbit camera', action: 'cameraOrbit' },
  { keys: ['2'], label: 'Follow the shuttle', action: 'cameraFollow' },
  { keys: ['3'], label: 'Route preview (top view of the line)', action: 'cameraRoute' },
  { keys: ['c'], label: 'Radio coverage layer on / off', action: 'toggleCoverage' },
  { keys: ['z'], label: 'DENM / IVIM zones on / off', action: 'toggleHazards' },
  { keys: ['Escape'], label: 'Clear the selection', action: 'deselect' },
  { keys: ['?', 'h'], label: 'This help', action: 'help' },
];

/** The action of a keyboard event's key, if any. */
export function actionOfKey(key: string): ShortcutAction | undefined {
  const k = key === ' ' ? 'Space' : key === '=' ? '+' : key;
  return SHORTCUTS.find((s) => s.keys.includes(k))?.action;
}

/** Speed presets the faster/slower keys move through. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
