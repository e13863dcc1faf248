// Entry point: picks the player from the page's address, wires store, options and player, and
// renders the app. The control token comes in the address fragment (#control=TOKEN, printed by
// `corridor run`), which the browser never sends to the server.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ViewerContext, type ViewerContextValue } from './context.ts';
import { LivePlayer } from './player/live-player.ts';
import { FrameStore } from './store/frame-store.ts';
import { ViewOptions } from './store/view-options.ts';
import { renderStats } from './scene/render-stats.ts';
import './styles.css';

const hash = new URLSearchParams(location.hash.slice(1));
const query = new URLSearchParams(location.search);
const controlToken = hash.get('control') ?? undefined;
const server = query.get('server') ?? location.origin;

const store = new FrameStore(() => performance.now());
const options = new ViewOptions();
const player = new LivePlayer({ url: server, ...(controlToken ? { controlToken } : {}) });
const viewer: ViewerContextValue = { store, options, player };
player.start(store);

// For the browser tests and the benchmark: read-only handles on the viewer's state.
(window as unknown as { __corridor: unknown }).__corridor = { store, options, player, renderStats };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ViewerContext.Provider value={viewer}>
      <App />
    </ViewerContext.Provider>
  </StrictMode>,
);
