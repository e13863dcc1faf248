// Names in the scene (shuttle stops, RSUs): sprites with a canvas-drawn label, always facing
// the camera, at a constant size on screen (no size attenuation) so they read in every view.
import { useEffect, useMemo } from 'react';
import { CanvasTexture, LinearFilter, SRGBColorSpace } from 'three';

export interface Label {
  key: string;
  text: string;
  x: number;
  y: number;
  height: number;
  colour: string;
}

function labelTexture(text: string, colour: string): { texture: CanvasTexture; aspect: number } {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const font = '600 40px system-ui, sans-serif';
  ctx.font = font;
  const w = Math.ceil(ctx.measureText(text).width) + 36;
  canvas.width = w;
  canvas.height = 64;
  ctx.font = font;
  ctx.fillStyle = 'rgba(20, 26, 33, 0.82)';
  ctx.beginPath();
  ctx.roundRect(0, 0, w, 64, 14);
  ctx.fill();
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 10, 64);
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 22, 34);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  return { texture, aspect: w / 64 };
}

/** `scale`: label height as a fraction of the view's height. */
export function Labels({ labels, scale = 0.022 }: { labels: readonly Label[]; scale?: number }) {
  const made = useMemo(() => labels.map((l) => ({ ...l, ...labelTexture(l.text, l.colour) })), [labels]);
  useEffect(() => () => made.forEach((m) => m.texture.dispose()), [made]);
  return (
    <group>
      {made.map((l) => (
        <sprite key={l.key} position={[l.x, l.height, -l.y]} scale={[scale * l.aspect, scale, 1]}>
          <spriteMaterial map={l.texture} depthTest={false} transparent sizeAttenuation={false} />
        </sprite>
      ))}
    </group>
  );
}
