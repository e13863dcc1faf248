// The help overlay: the keyboard shortcuts (from the one table app/shortcuts.ts the key handler
// uses) and the mouse controls. Opens when options.state.help is true (? or h, or the toolbar's
// ? button); closes with the same key, Escape, the close button or a click outside.
import { SHORTCUTS } from '../app/shortcuts.ts';
import { useViewer } from '../context.ts';
import { useViewOptions } from './use-options.ts';

const MOUSE: readonly { what: string; does: string }[] = [
  { what: 'Click', does: 'Inspect a vehicle, an RSU or a signal head' },
  { what: 'Click empty ground', does: 'Clear the selection' },
  { what: 'Drag', does: 'Orbit the camera' },
  { what: 'Right-drag', does: 'Pan' },
  { what: 'Wheel', does: 'Zoom' },
];

/** How a key is written on the keycap. */
function keycap(k: string): string {
  return k === 'Escape' ? 'Esc' : k;
}

export function HelpOverlay() {
  const { options } = useViewer();
  const { help } = useViewOptions(options);
  // Esc is handled by the app's shortcut handler (it closes this before clearing the selection).
  if (!help) return null;
  const close = () => options.set({ help: false });
  return (
    <div className="pn-help-backdrop" onClick={close}>
      <div className="pn-help" data-testid="help-overlay" role="dialog" aria-modal="true" aria-labelledby="pn-help-title" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2 id="pn-help-title">Keyboard shortcuts</h2>
          <button className="pn-icon" onClick={close} aria-label="Close the help" title="Close (Esc)">
            ✕
          </button>
        </header>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td className="pn-keys">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && <span className="muted"> or </span>}
                      <kbd>{keycap(k)}</kbd>
                    </span>
                  ))}
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Mouse</h3>
        <table>
          <tbody>
            {MOUSE.map((m) => (
              <tr key={m.what}>
                <td className="pn-keys">
                  <kbd>{m.what}</kbd>
                </td>
                <td>{m.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
