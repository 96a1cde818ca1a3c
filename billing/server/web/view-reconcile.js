// Reconciling an uploaded specification (the Avstämning page): the report's
// findings with their national reason codes, per invoice and per seller.
// Plain DOM (el), moved out of app.js.
import {
  REGION_NAMES, formatInt, formatKronor, $, el, showError, clearMessage, apiJson, query, errorText,
} from '/common.js';

// ---------------------------------------------------------------- reconcile page

export async function runReconcile() {
  clearMessage();
  const out = $('reconcile-results');
  const buyer = $('reconcile-buyer').value.trim();
  const file = $('reconcile-file').files[0];
  if (!buyer) { showError('Ange köparens regionkod.'); return; }
  if (!file) { showError('Välj en fil.'); return; }
  out.replaceChildren(el('p', { class: 'loading' }, 'Stämmer av…'));
  out.dataset.state = 'loading';
  try {
    const body = await file.arrayBuffer();
    const type = /\.csv$/i.test(file.name) ? 'text/csv' : 'application/xml';
    const report = await apiJson('/api/reconcile' + query({ buyer }),
      { method: 'POST', body, headers: { 'Content-Type': type } });
    out.replaceChildren(renderReconcile(report, file.name));
    out.dataset.state = 'done';
  } catch (e) {
    out.replaceChildren();
    out.dataset.state = 'error';
    showError(errorText(e));
  }
}

// The national credit reason codes (docs/reconcile.md).
const REASONS = {
  0: 'kan inte prissättas (inget krav)',
  1: 'patienten inte folkbokförd i köparregionen',
  2: 'felaktigt pris eller belopp',
  5: 'planerad vård utan giltig remiss',
  6: 'fakturerat mer än sex månader efter vårdtillfället',
  7: 'dubbeldebitering',
  8: 'datum efter fakturadatum',
};

function renderReconcile(r, fileName) {
  const findings = r.findings || [];
  const parts = [el('h3', {}, 'Köpare ' + r.buyer + (REGION_NAMES[r.buyer] ? ' ' + REGION_NAMES[r.buyer] : '') +
    ', ' + fileName)];
  if (!findings.length) {
    parts.push(el('p', { class: 'ok', 'data-testid': 'reconcile-no-findings' }, 'Inga fynd: allt stämmer.'));
  } else {
    parts.push(el('div', { class: 'table-box scroll' }, el('table', { class: 'data wide', 'data-testid': 'findings-table' },
      el('thead', {}, el('tr', {}, ['Faktura', 'Rad', 'Patient', 'Kontakt', 'Orsakskod', 'Fakturerat (kr)',
        'Förväntat (kr)', 'Bestrids (kr)', 'Meddelande'].map((c) =>
        el('th', { scope: 'col', class: /\(kr\)|^Rad$/.test(c) ? 'num' : null }, c)))),
      el('tbody', {}, findings.map((f) => el('tr', { 'data-line': f.line_id },
        el('td', { 'data-key': 'invoice' }, f.invoice),
        el('td', { 'data-key': 'line_id', class: 'num' }, f.line_id),
        el('td', { 'data-key': 'patient_id' }, f.patient_id),
        el('td', { 'data-key': 'care_contact_id' }, f.care_contact_id),
        el('td', { 'data-key': 'reason_code', class: 'reason', title: REASONS[f.reason_code] || '' }, String(f.reason_code),
          REASONS[f.reason_code] ? el('span', { class: 'sub block' }, REASONS[f.reason_code]) : null),
        el('td', { 'data-key': 'billed', class: 'num' }, formatKronor(f.billed)),
        el('td', { 'data-key': 'expected', class: 'num' }, f.expected === null ? '' : formatKronor(f.expected)),
        el('td', { 'data-key': 'disputed', class: 'num' }, formatKronor(f.disputed)),
        el('td', { 'data-key': 'message', class: 'text wrap' }, f.message)))))));
  }
  parts.push(el('h3', { class: 'gap' }, 'Per faktura'));
  parts.push(el('div', { class: 'table-box' }, el('table', { class: 'data', 'data-testid': 'reconcile-invoices-table' },
    el('thead', {}, el('tr', {}, ['Säljare', 'Faktura', 'Fakturaunderlag-id', 'Rader', 'Fynd', 'Fakturerat (kr)',
      'Bestrids (kr)'].map((c) => el('th', { scope: 'col', class: /\(kr\)|^Rader$|^Fynd$/.test(c) ? 'num' : null }, c)))),
    el('tbody', {}, (r.invoices || []).map((i) => el('tr', { 'data-invoice': i.invoice },
      el('td', { 'data-key': 'seller' }, i.seller),
      el('td', { 'data-key': 'invoice' }, i.invoice),
      el('td', { 'data-key': 'spec_id', class: 'mono' }, i.spec_id),
      el('td', { 'data-key': 'lines', class: 'num' }, formatInt(i.lines)),
      el('td', { 'data-key': 'findings', class: 'num' }, formatInt(i.findings)),
      el('td', { 'data-key': 'billed', class: 'num' }, formatKronor(i.billed)),
      el('td', { 'data-key': 'disputed', class: 'num' }, formatKronor(i.disputed))))))));
  if ((r.sellers || []).length) {
    parts.push(el('p', { class: 'summary', 'data-testid': 'reconcile-sellers' }, 'Bestrids per säljare: ' +
      r.sellers.map((s) => s.seller + ' ' + formatKronor(s.disputed) + ' kr').join(', ')));
  }
  for (const n of r.notes || []) parts.push(el('p', { class: 'note' }, n));
  return el('div', {}, parts);
}

