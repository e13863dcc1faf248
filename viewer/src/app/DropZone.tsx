// Drop a .mcap recording anywhere on the page to play it here, without a server (the file is
// read in place through its index). While a file is dragged over the page, a hint covers it.
import { useEffect, useState } from 'react';
import { useViewer } from '../context.ts';
import { McapPlayer } from '../player/mcap-player.ts';

function firstMcap(e: DragEvent): File | null {
  const files = e.dataTransfer?.files;
  if (!files) return null;
  for (const f of Array.from(files)) if (f.name.toLowerCase().endsWith('.mcap')) return f;
  return null;
}

export function DropZone() {
  const { setPlayer, store } = useViewer();
  const [over, setOver] = useState(false);
  useEffect(() => {
    const onOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      setOver(false);
      const file = firstMcap(e);
      if (!file) {
        store.onProblem('drop a .mcap recording (other files are not read)');
        return;
      }
      setPlayer(new McapPlayer(file, { paused: true }));
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [setPlayer, store]);
  if (!over) return null;
  return (
    <div className="dropzone" data-testid="dropzone">
      <p>Drop a <strong>.mcap</strong> recording to play it here</p>
    </div>
  );
}
