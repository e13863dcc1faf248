// Display formats shared by the panels.

/** Sim time as h:mm:ss.s (or m:ss.s under an hour). */
export function formatSimTime(t: number): string {
  if (!Number.isFinite(t)) return '–';
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  const ss = s.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function formatSpeed(speed: number | 'max'): string {
  return speed === 'max' ? 'max' : `${speed}x`;
}
