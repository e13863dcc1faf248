// The viewer's long-lived objects, shared with components through React context (they never
// change identity; components subscribe to what they need).
import { createContext, useContext } from 'react';
import type { FrameStore } from './store/frame-store.ts';
import type { ViewOptions } from './store/view-options.ts';
import type { Player } from './player/player.ts';

export interface ViewerContextValue {
  store: FrameStore;
  options: ViewOptions;
  player: Player;
  /** Replaces the player (a recording dropped on the page); the old one is closed. */
  setPlayer: (player: Player) => void;
}

export const ViewerContext = createContext<ViewerContextValue | null>(null);

export function useViewer(): ViewerContextValue {
  const v = useContext(ViewerContext);
  if (!v) throw new Error('useViewer outside <ViewerContext.Provider>');
  return v;
}
