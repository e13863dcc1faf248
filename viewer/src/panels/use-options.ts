// The view options as React state (re-renders on every change; they change on user input only).
import { useSyncExternalStore } from 'react';
import type { ViewOptions, ViewOptionsState } from '../store/view-options.ts';

export function useViewOptions(options: ViewOptions): ViewOptionsState {
  return useSyncExternalStore(
    (fn) => options.subscribe(fn),
    () => options.state,
  );
}
