// Renders a Vega-Lite specification to an SVG string in Node: compiled to Vega, laid out by a
// headless View (renderer 'none'), no canvas, no browser, no network (data is always inline).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** Fonts the report's CSS uses too, so text measured here fits in the browser. */
const FONT = 'Helvetica, Arial, sans-serif';

/**
 * `prefix` makes the SVG's internal ids (clip paths, gradients) unique in the page: several
 * charts are inlined in one document, and Vega numbers them from 1 in each.
 */
export async function renderSvg(spec: ChartSpec, prefix: string): Promise<string> {
  const withConfig = {
    ...spec,
    config: {
      font: FONT,
      background: 'white',
      view: { stroke: '#ccc' },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 11, titleFontSize: 12 },
      ...((spec as { config?: object }).config ?? {}),
    },
  } as ChartSpec;
  const { spec: vgSpec } = compile(withConfig);
  // A loader that refuses every URL: a report must never depend on the network.
  const loader = vega.loader();
  loader.load = () => Promise.reject(new Error('report charts use inline data only'));
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader });
  try {
    const svg = await view.toSVG();
    // The SVG is inlined in HTML: drop the XML prologue if any, keep it accessible.
    return svg
      .replace(/^<\?xml[^>]*>\s*/, '')
      .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
      .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
  } finally {
    view.finalize();
  }
}
