// Small inline SVG icons for the transport buttons (no icon font: headless and minimal systems
// lack the media-control glyphs).
const P = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'currentColor', 'aria-hidden': true } as const;

export const PlayIcon = () => (
  <svg {...P}>
    <path d="M4 2.5v11l9-5.5z" />
  </svg>
);
export const PauseIcon = () => (
  <svg {...P}>
    <path d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z" />
  </svg>
);
export const StepIcon = () => (
  <svg {...P}>
    <path d="M3 2.5v11l7-5.5zM11 2.5h2.5v11H11z" />
  </svg>
);
export const StepBackIcon = () => (
  <svg {...P}>
    <path d="M13 2.5v11L6 8zM2.5 2.5H5v11H2.5z" />
  </svg>
);
