// The viewer's layout: the 3D scene filling the window, the top bar, the side panels, the
// layer/camera toolbar and the help overlay; keyboard shortcuts from app/shortcuts.ts.
import { useEffect } from 'react';
import { useViewer } from '../context.ts';
import { Scene } from '../scene/Scene.tsx';
import { SPEEDS, actionOfKey, type ShortcutAction } from './shortcuts.ts';
import { TopBar } from './TopBar.tsx';
import { Toolbar } from './Toolbar.tsx';
import { DropZone } from './DropZone.tsx';
import { EmptyHint } from './EmptyHint.tsx';
import { SidePanel } from '../panels/SidePanel.tsx';
import { HelpOverlay } from '../panels/HelpOverlay.tsx';

export function App() {
  const viewer = useViewer();
  useEffect(() => {
    const { store, player, options } = viewer;
    const report = (p: Promise<void>) => p.catch((e: unknown) => store.onProblem((e as Error).message));
    const run = (a: ShortcutAction) => {
      const speed = store.state?.speed;
      const idx = SPEEDS.findIndex((s) => s === speed);
      switch (a) {
        case 'togglePlay':
          return report(store.state?.paused ? player.resume() : player.pause());
        case 'step':
          return report(player.step());
        case 'stepBack':
          return report(player.stepBack());
        case 'faster':
          return report(player.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, idx < 0 ? 3 : idx + 1)]!));
        case 'slower':
          return report(player.setSpeed(SPEEDS[Math.max(0, idx < 0 ? 3 : idx - 1)]!));
        case 'cameraOrbit':
          return options.set({ camera: 'orbit' });
        case 'cameraFollow':
          return options.set({ camera: 'follow' });
        case 'cameraRoute':
          return options.set({ camera: 'route' });
        case 'toggleCoverage':
          return options.set({ coverage: !options.state.coverage });
        case 'toggleHazards':
          return options.set({ hazards: !options.state.hazards });
        case 'deselect':
          // Esc first closes the help overlay, then clears the selection.
          return options.state.help ? options.set({ help: false }) : store.select(null);
        case 'help':
          return options.set({ help: !options.state.help });
      }
    };
    const onKey = (e: KeyboardEvent) => {
      // Keys typed into text fields are text; checkboxes, buttons and the timeline do not hold them.
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || (t instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button'].includes(t.type)))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const a = actionOfKey(e.key);
      if (!a) return;
      e.preventDefault();
      void run(a);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [viewer]);

  return (
    <div className="app">
      <TopBar />
      <main className="stage" id="scene">
        <Scene />
        <EmptyHint />
        <Toolbar />
        <SidePanel />
      </main>
      <HelpOverlay />
      <DropZone />
    </div>
  );
}
