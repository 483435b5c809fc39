import { controlSummaries } from './mapping.ts';
import type { AuditReport, CheckResult } from './types.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const badge = (status: string) => `<span class="badge ${status}">${escapeHtml(status)}</span>`;

const styles = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1d232a; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef0f4; }
tr { break-inside: avoid; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; font-size: 11px; }
.badge { padding: 1px 6px; border-radius: 3px; font-weight: 600; white-space: nowrap; }
.pass, .satisfied { background: #d8f3dc; color: #1b5e20; }
.fail, .not-satisfied { background: #fde2e1; color: #9b1c1c; }
.not-evaluated { background: #eceff1; color: #455a64; }
.meta { color: #555; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
`;

function resultRow(result: CheckResult): string {
  return `<tr class="result ${result.status}" data-check="${escapeHtml(result.check)}" data-status="${result.status}">
<td>${escapeHtml(result.check)}</td><td>${escapeHtml(result.controls.join(', '))}</td><td>${badge(result.status)}</td>
<td>${escapeHtml(result.summary)}<br><span class="meta">${escapeHtml(result.source)}</span></td>
<td><pre>${escapeHtml(JSON.stringify(result.evidence, null, 1))}</pre></td><td>${escapeHtml(result.observedAt)}</td></tr>`;
}

/** A self-contained report for people: no script, no external asset, prints as is. */
export function renderHtml(report: AuditReport): string {
  const summaries = controlSummaries(report);
  const controls = summaries
    .map(
      (s) => `<tr class="control" data-control="${escapeHtml(s.control)}" data-state="${s.state}">
<td>${escapeHtml(s.control)}</td><td>${escapeHtml(s.title)}</td><td>${badge(s.state)}</td>
<td>${s.pass}</td><td>${s.fail}</td><td>${s.notEvaluated}</td><td>${escapeHtml(s.checks.join(', '))}</td></tr>`,
    )
    .join('\n');
  const tenants = report.tenants
    .map(
      (
        t,
      ) => `<section class="tenant" id="tenant-${escapeHtml(t.name)}" data-tenant="${escapeHtml(t.name)}">
<h2>Tenant ${escapeHtml(t.name)}</h2>
<p class="meta">edition ${escapeHtml(t.edition)}${t.phase ? `, phase ${escapeHtml(t.phase)}` : ''}</p>
<table><thead><tr><th>check</th><th>controls</th><th>status</th><th>what was seen</th><th>evidence</th><th>observed at</th></tr></thead>
<tbody>${t.results.map(resultRow).join('\n')}</tbody></table></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Inopsio audit: ISO/IEC 27001:2022 Annex A evidence</title>
<style>${styles}</style></head>
<body>
<h1>Inopsio audit: ISO/IEC 27001:2022 Annex A evidence</h1>
<p class="meta">${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}; live state read from ${escapeHtml(report.startedAt)} to ${escapeHtml(report.finishedAt)}; ${report.tenants.length} tenants.</p>
<h2>Controls</h2>
<table id="controls"><thead><tr><th>control</th><th>title</th><th>state</th><th>pass</th><th>fail</th><th>not evaluated</th><th>checks</th></tr></thead>
<tbody>${controls}</tbody></table>
${tenants}
</body></html>
`;
}
