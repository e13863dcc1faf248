// Entry point: picks the first player from the page's address, wires store, options and player,
// and renders the app. The control token comes in the address fragment (#control=TOKEN, printed
// by `corridor run`), which the browser never sends to the server. A page opened from disk has
// no server: it waits for a recording dropped on it.
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ViewerContext, type ViewerContextValue } from './context.ts';
import { IdlePlayer } from './player/idle-player.ts';
import { LivePlayer } from './player/live-player.ts';
import type { Player } from './player/player.ts';
import { FrameStore } from './store/frame-store.ts';
import { ViewOptions } from './store/view-options.ts';
import { renderStats } from './scene/render-stats.ts';
import './styles.css';

const hash = new URLSearchParams(location.hash.slice(1));
const query = new URLSearchParams(location.search);
const controlToken = hash.get('control') ?? undefined;
// ?server=URL: a session elsewhere; ?server=none: no session (a static host), recordings only.
const serverParam = query.get('server');
const server = serverParam === 'none' ? null : (serverParam ?? (location.protocol.startsWith('http') ? location.origin : null));

const store = new FrameStore(() => performance.now());
const options = new ViewOptions();
const handles = { store, options, player: null as Player | null, renderStats };
// For the browser tests and the benchmark: read-only handles on the viewer's state.
(window as unknown as { __corridor: typeof handles }).__corridor = handles;

function firstPlayer(): Player {
  return server ? new LivePlayer({ url: server, ...(controlToken ? { controlToken } : {}) }) : new IdlePlayer();
}

function Root() {
  const [player, setPlayer] = useState<Player>(firstPlayer);
  useEffect(() => {
    handles.player = player;
    player.start(store);
    return () => player.close();
  }, [player]);
  const value = useMemo<ViewerContextValue>(() => ({ store, options, player, setPlayer }), [player]);
  return (
    <ViewerContext.Provider value={value}>
      <App />
    </ViewerContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
