// The transition coverage of a property as an HTML table for its Allure result (issue 17 item 1): message,
// source state, outcome and times reached, the declared transitions never reached first and marked, so a
// reader sees what the run did not exercise (on a real host: what it left unreached).
import type { TransitionCoverageTable } from '../../src/results/index.ts';
import { coveragePercent } from '../../src/results/index.ts';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cells(key: string): [string, string, string] {
  const m = /^(.*) \| (.*) → (.*)$/.exec(key);
  return m === null ? [key, '', ''] : [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
}

export function coverageHtml(t: TransitionCoverageTable): string {
  const pct = coveragePercent(t);
  const title =
    pct === undefined
      ? `${Object.keys(t.reached).length} transitions reached`
      : `${t.declared - t.unreached.length} of ${t.declared} declared transitions reached (${pct} %)`;
  const row = (key: string, count: string, never: boolean): string =>
    `<tr${never ? ' style="background:#fde2e2"' : ''}>${cells(key)
      .map((c) => `<td>${escapeHtml(c)}</td>`)
      .join('')}<td style="text-align:right">${count}</td></tr>`;
  return [
    '<!doctype html><html><head><meta charset="utf-8"><title>transition coverage</title></head><body>',
    `<p>${escapeHtml(title)}</p>`,
    '<table border="1" cellspacing="0" cellpadding="3"><tr><th>message</th><th>source state</th><th>outcome</th><th>reached</th></tr>',
    ...t.unreached.map((k) => row(k, 'never', true)),
    ...Object.entries(t.reached).map(([k, n]) => row(k, String(n), false)),
    '</table></body></html>',
  ].join('');
}
