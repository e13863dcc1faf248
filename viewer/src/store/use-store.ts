// React access to the FrameStore for panels: re-render at most `hz` times a second with the
// selected value (never per tick; the 3D scene reads the store in useFrame instead).
import { useEffect, useRef, useState } from 'react';
import type { FrameStore } from './frame-store.ts';

export function useStoreValue<T>(store: FrameStore, select: (s: FrameStore) => T, hz = 5, equal: (a: T, b: T) => boolean = Object.is): T {
  const [value, setValue] = useState(() => select(store));
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const update = () => {
      timer = null;
      last = performance.now();
      const next = selectRef.current(store);
      setValue((prev) => (equal(prev, next) ? prev : next));
    };
    const unsubscribe = store.subscribe(() => {
      if (timer !== null) return;
      const wait = Math.max(0, 1000 / hz - (performance.now() - last));
      timer = setTimeout(update, wait);
    });
    update();
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, hz, equal]);
  return value;
}
