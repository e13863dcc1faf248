// The side panel over the right of the scene: tabs Inspector / Messages / KPIs, collapsible.
// Selecting something in the scene opens it on the Inspector. Only the visible tab is mounted,
// so hidden panels cost nothing. Also renders the problems badge (visible when collapsed too).
import { useEffect, useState } from 'react';
import { useViewer } from '../context.ts';
import { useStoreValue } from '../store/use-store.ts';
import { Inspector } from './Inspector.tsx';
import { KpiPanel } from './KpiPanel.tsx';
import { MessageLog } from './MessageLog.tsx';
import { Problems } from './Problems.tsx';
import './panels.css';

export type PanelTab = 'inspector' | 'messages' | 'kpis';

const TABS: { tab: PanelTab; label: string }[] = [
  { tab: 'inspector', label: 'Inspector' },
  { tab: 'messages', label: 'Messages' },
  { tab: 'kpis', label: 'KPIs' },
];

export function SidePanel() {
  const { store } = useViewer();
  const [open, setOpen] = useState(true);
  const [tab, setTab] = useState<PanelTab>('kpis');
  const selection = useStoreValue(store, (s) => s.selection, 10);
  useEffect(() => {
    if (selection === null) return;
    setTab('inspector');
    setOpen(true);
  }, [selection]);

  return (
    <>
      <Problems />
      {open ? (
        <aside className="pn-side" data-testid="side-panel" data-tab={tab} aria-label="Panels">
          <nav className="pn-tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.tab} role="tab" aria-selected={tab === t.tab} className={tab === t.tab ? 'on' : ''} onClick={() => setTab(t.tab)} data-testid={`tab-${t.tab}`}>
                {t.label}
              </button>
            ))}
            <button className="pn-icon pn-collapse" onClick={() => setOpen(false)} title="Hide the panel" aria-label="Hide the panel" data-testid="panel-collapse">
              ⟩
            </button>
          </nav>
          <div className="pn-body" role="tabpanel">
            {tab === 'inspector' && <Inspector />}
            {tab === 'messages' && <MessageLog />}
            {tab === 'kpis' && <KpiPanel />}
          </div>
        </aside>
      ) : (
        <button className="pn-reopen" onClick={() => setOpen(true)} title="Show the panel" data-testid="panel-open">
          ⟨ Panels
        </button>
      )}
    </>
  );
}
