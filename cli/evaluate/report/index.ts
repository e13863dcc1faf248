// The evaluation report: one self-contained HTML page (inline CSS and SVG, no script, no link).
import type { EvaluationSummary } from '../aggregate.ts';
import type { Lang } from '../kpi-defs.ts';
import { escapeHtml } from './format.ts';

export function renderReport(summary: EvaluationSummary, lang: Lang): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(summary.plan.scenarioName)}</title></head><body></body></html>\n`;
}
