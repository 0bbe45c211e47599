import { html } from 'hono/html';
import { z } from 'zod';
import { awardAchievement, IMPORT_COLUMNS, importAwardsCsv, listAchievements, manualAwardSchema, type ImportReport } from '@laurel/issuance';
import { LaurelError } from '@laurel/models';
import { csvCell } from '@laurel/render';
import { tenantOf } from '../auth.js';
import { cell, csrfField, page } from './layout.js';
import { formOf, render, sessionOf, validated, type ConsoleApp, type ConsoleDeps } from './console-app.js';

/** The per-row report as CSV, for a spreadsheet (formula-looking cells neutralised). */
export function importReportCsv(report: ImportReport): string {
  const rows = report.report.map((row) => [row.line, row.rowKey, row.outcome, row.credentialId, (row.errors ?? []).map((issue) => `${issue.path}: ${issue.message}`).join('; ')]);
  return [['line', 'row_key', 'outcome', 'credential_id', 'errors'], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const awardForm = z.object({ achievement: z.string(), lmsUserId: z.string(), name: z.string(), email: z.string(), reason: z.string() });

export function registerImportScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/admin/imports', async (c) => {
    const session = sessionOf(c);
    const live = (await listAchievements(deps, session.issuerId)).filter((achievement) => achievement.archivedAt === null);
    return render(
      c,
      page(
        'Awards and imports',
        session,
        html`<p>Legacy certificates or offline results: one award per row. Columns by header: ${IMPORT_COLUMNS.join(', ')}
(row_key, achievement and lms_user_id are required; achievement is an id or an LMS course id). Each row is its own transaction,
and a row_key imported before is reported as a duplicate, so importing the same file again issues nothing.</p>
<form class="stack" method="post" action="/admin/imports" enctype="multipart/form-data">${csrfField(session)}
<label>CSV file <input type="file" name="file" accept=".csv,text/csv" required></label>
<button type="submit">Import</button></form>
<h2>Award one learner</h2>
<p>Issues the achievement without a completion record; the reason is kept in the audit log. A learner who already holds it keeps that credential.</p>
<form class="stack" method="post" action="/admin/awards">${csrfField(session)}
<label>Achievement <select name="achievement" required>${live.map((achievement) => html`<option value="${achievement.id}">${achievement.name} (${achievement.externalId})</option>`)}</select></label>
<label>Learner's LMS user id <input name="lmsUserId" required></label>
<label>Name <input name="name"></label>
<label>Email <input name="email" type="email"></label>
<label>Reason <input name="reason" required maxlength="500"></label>
<button type="submit">Award</button></form>`,
      ),
    );
  });

  app.post('/admin/awards', async (c) => {
    const session = sessionOf(c);
    const form = await formOf(c, awardForm);
    const blank = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const award = validated(manualAwardSchema, {
      achievement: form.achievement,
      learner: { lmsUserId: form.lmsUserId, ...(blank(form.name) ? { name: blank(form.name) } : {}), ...(blank(form.email) ? { email: blank(form.email) } : {}) },
      reason: form.reason,
    });
    const { principal, issuerId } = tenantOf(c, 'issue', session.issuerId);
    const outcome = await awardAchievement(deps, principal.actor, issuerId, award);
    if (outcome.issued) deps.nudgeBadges?.();
    return c.redirect(`/admin/credentials/${outcome.credentialId}`, 303);
  });

  app.post('/admin/imports', async (c) => {
    const session = sessionOf(c);
    const { principal, issuerId } = tenantOf(c, 'issue', session.issuerId);
    const file = (await c.req.parseBody({ all: true })).file;
    if (!(file instanceof File)) throw new LaurelError('INVALID_INPUT', 'Choose a CSV file to import.', { issues: [{ path: 'file', message: 'is required' }] });
    const report = await importAwardsCsv(deps, principal.actor, issuerId, await file.text());
    if (report.issued > 0) deps.nudgeBadges?.();
    const download = `data:text/csv;charset=utf-8,${encodeURIComponent(importReportCsv(report))}`;
    return render(
      c,
      page(
        'Import report',
        session,
        html`<ul class="figures" aria-label="Import counts">
${(['rows', 'issued', 'existing', 'duplicate', 'failed'] as const).map((key) => html`<li><strong data-count="${key}">${report[key]}</strong> ${key}</li>`)}</ul>
<p><a class="button" href="${download}" download="import-report.csv">Download the report (CSV)</a> <a href="/admin/imports">Import another file</a></p>
<table><caption>Every row</caption><thead><tr><th scope="col">Line</th><th scope="col">Row key</th><th scope="col">Outcome</th><th scope="col">Credential or errors</th></tr></thead><tbody>
${report.report.map(
  (row) => html`<tr>${cell('Line', row.line)}${cell('Row key', row.rowKey ?? '')}${cell('Outcome', row.outcome)}${cell(
    'Credential or errors',
    row.credentialId ? html`<a href="/admin/credentials/${row.credentialId}">${row.credentialId}</a>` : (row.errors ?? []).map((issue) => `${issue.path || 'row'}: ${issue.message}`).join('; '),
  )}</tr>`,
)}</tbody></table>`,
      ),
    );
  });
}
