// The disputes (issue 16 item 2): the buyer's saved reconciliation findings
// with their status and comment, which the buyer sets; the seller sees those
// against it, read-only. The Tvistelista downloads as XLSX. Preact with htm
// (third_party/web), mounted by app.js on the "Tvister" page.
import {html, render, useEffect, useState} from '/vendor/htm-preact.js';
import {money} from '/view-invoice.js';

const STATUSES = ['bestridd', 'godkänd', 'krediterad'];
const count = new Intl.NumberFormat('sv-SE');

// Öre as BigInt from an exact decimal string ("24514.70").
const ore = (text) => {
  const [k, o = ''] = text.split('.');
  const neg = k.startsWith('-');
  const v = BigInt(k.replace('-', '')) * 100n + BigInt((o + '00').slice(0, 2));
  return neg ? -v : v;
};
const kronor = (v) => money(
    (v < 0n ? '-' : '') + (v < 0n ? -v : v) / 100n + '.' +
    String((v < 0n ? -v : v) % 100n).padStart(2, '0'));

function Row({api, d, editable, changed}) {
  const [comment, setComment] = useState(d.comment);
  const save = (body) => api.json('/api/disputes/' + d.id, {
                              method: 'POST',
                              body: JSON.stringify(body),
                              headers: {'Content-Type': 'application/json'}
                            })
                             .then(changed, (e) => api.showError(api.errorText(e)));
  return html`<tr data-dispute=${d.id} data-status=${d.status}>
    <td class="num">${d.id}</td><td>${d.buyer}</td><td>${d.seller}</td><td>${d.invoice}</td>
    <td class="num">${d.line_id}</td><td class="num">${d.reason_code}</td>
    <td class="num">${money(d.disputed)}</td><td class="num" data-key="claimed">${
      money(d.claimed)}</td>
    <td>${
      editable && !d.credit_note ?
          html`<select data-testid="dispute-status" aria-label=${'Status för tvist ' + d.id}
          value=${d.status} onChange=${(e) => save({
                                         status: e.target.value
                                       })}>
          ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}</select>` :
          html`<span data-testid="dispute-status-text">${d.status}${
              d.credit_note ? ' (' + d.credit_note + ')' : ''}</span>`}</td>
    <td class="text wrap">${
      editable ? html`<input type="text" class="screen-only" value=${comment} maxlength="2000" aria-label=${
                     'Kommentar till tvist ' + d.id}
          onInput=${(e) => setComment(e.target.value)}
          onChange=${() => save({comment})} data-testid="dispute-comment" /><span class="print-only"
          data-testid="dispute-comment-print">${comment}</span>` :
                 d.comment}</td>
    <td class="text wrap">${d.message}</td>
  </tr>`;
}

function Disputes({api, role}) {
  const [list, setList] = useState(null);
  const load = () =>
      api.json('/api/disputes').then(setList, (e) => api.showError(api.errorText(e)));
  useEffect(() => {
    load();
  }, []);
  if (!list) return html`<p class="loading">Hämtar…</p>`;
  if (!list.length) return html`<p class="empty" data-testid="disputes-empty">Inga tvister.</p>`;
  const editable = role === 'buyer' || role === 'admin';
  const claimed = list.reduce((s, d) => s + ore(d.claimed), 0n);
  return html`<div>
    <p class="summary" data-testid="disputes-summary">${count.format(list.length)} ${list.length === 1 ? 'tvist' : 'tvister'}, krävs ${
      kronor(claimed)} kr
      (en rad med flera fynd krävs en gång)</p>
    <button type="button" data-testid="disputes-xlsx"
      onClick=${
      () =>
          api.download('/api/disputes?format=xlsx', 'tvistelista.xlsx')}>Tvistelista (XLSX)</button>
    <button type="button" data-testid="disputes-print" title="Välj Spara som PDF för en PDF"
      onClick=${() => window.print()}>Skriv ut / PDF</button>
    <div class="table-box scroll"><table class="data" data-testid="disputes-table">
      <thead><tr><th scope="col" class="num">Nr</th><th scope="col">Köpare</th><th scope="col">Säljare</th>
        <th scope="col">Faktura</th><th scope="col" class="num">Rad</th><th scope="col" class="num">Kod</th>
        <th scope="col" class="num">Bestrids</th><th scope="col" class="num">Krävs</th>
        <th scope="col">Status</th><th scope="col">Kommentar</th><th scope="col">Förklaring</th></tr></thead>
      <tbody>${list.map((d) => html`<${Row} key=${d.id} api=${api} d=${d} editable=${editable}
        changed=${load} />`)}</tbody>
    </table></div>
  </div>`;
}

// Shows the token's disputes in `container`.
export function mountDisputes(container, api, role) {
  render(null, container);
  render(html`<${Disputes} api=${api} role=${role} />`, container);
}
