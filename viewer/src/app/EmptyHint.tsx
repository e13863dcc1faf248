// What the stage says before the first snapshot: connecting to a session, or (page without a
// server) that a recording can be dropped on it.
import { useViewer } from '../context.ts';
import { useStoreValue } from '../store/use-store.ts';

export function EmptyHint() {
  const { store, player } = useViewer();
  const hasSnapshot = useStoreValue(store, (s) => s.snapshot !== null, 4);
  const connection = useStoreValue(store, (s) => s.connection, 4);
  if (hasSnapshot) return null;
  const text =
    player.capabilities.length === 0 && connection.kind === 'closed'
      ? 'Drop a .mcap recording on the page to play it.'
      : connection.kind === 'error'
        ? connection.message
        : `Waiting for ${player.name}…`;
  return (
    <div className="idle-hint" data-testid="empty-hint">
      <p>{text}</p>
    </div>
  );
}
