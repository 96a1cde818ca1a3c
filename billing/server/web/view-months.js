// Month-end (issue 17 item 4; docs/erp.md): per seller and month, billed,
// closed, exported to SIE, open disputes and held records — the seller's own
// months for a seller token, every seller's for an admin. "Stäng" closes a
// billed month after review (POST /api/close). Preact with htm
// (third_party/web), mounted by app.js on the "Månader" page.
import {html, render, useEffect, useState} from '/vendor/htm-preact.js';
import {money} from '/view-invoice.js';

const count = new Intl.NumberFormat('sv-SE');
const day = (iso) => iso ? iso.slice(0, 10) : '';

function Row({api, m, closable, changed}) {
  const close = () =>
      api.json('/api/close?seller=' + encodeURIComponent(m.seller) + '&period=' + m.period,
               {method: 'POST'})
          .then(changed, (e) => api.showError(api.errorText(e)));
  return html`<tr data-month=${m.seller + ' ' + m.period} data-closed=${m.closed_at ? 'ja' : 'nej'}>
    <td>${m.seller}</td><td>${m.period}</td><td>${m.billed ? 'ja' : 'nej'}</td>
    <td class="num">${count.format(m.invoices)}</td><td class="num">${
      count.format(m.credit_notes)}</td>
    <td class="num">${money(m.net)}</td>
    <td>${
      m.closed_at ? html`${day(m.closed_at)} <span class="muted">${m.closed_by}</span>` :
      closable && m.billed ?
                    html`<button type="button" data-testid="close-month"
          aria-label=${'Stäng ' + m.seller + ' ' + m.period} onClick=${close}>Stäng</button>` :
                    'nej'}</td>
    <td>${m.sie_export ? day(m.sie_exported_at) + ' (fil ' + m.sie_export + ')' : 'nej'}</td>
    <td class="num" data-key="delivered">${count.format(m.delivered)}/${
      count.format(m.care_invoices + m.care_credit_notes)}</td>
    <td class="num">${count.format(m.open_disputes)}</td>
    <td class="num">${count.format(m.held)}</td>
  </tr>`;
}

const ANSWERS = {ok: 'OK', error: 'ERROR (ej mottaget)', technical: 'tekniskt fel'};

// The delivery attempts to the national platform, the latest first.
function Deliveries({api}) {
  const [list, setList] = useState(null);
  useEffect(() => {
    api.json('/api/deliveries').then(setList, (e) => api.showError(api.errorText(e)));
  }, []);
  if (!list) return null;
  if (!list.length) return html`<p class="empty" data-testid="deliveries-empty">Inga leveranser.</p>`;
  return html`<div class="table-box scroll"><table class="data" data-testid="deliveries-table">
    <thead><tr><th scope="col">Faktura</th><th scope="col">Månad</th><th scope="col">Köpare</th>
      <th scope="col">Logisk adress</th><th scope="col" class="num">Försök</th><th scope="col">Svar</th>
      <th scope="col">Skickad</th><th scope="col">Kommentar</th></tr></thead>
    <tbody>${[...list].reverse().map((d) => html`<tr key=${d.id} data-outcome=${d.outcome}>
      <td>${d.invoice}</td><td>${d.period}</td><td>${d.buyer}</td><td>${d.logical_address}</td>
      <td class="num">${d.attempt}</td><td>${ANSWERS[d.outcome] || d.outcome}</td>
      <td>${d.sent_at.replace('T', ' ').replace('Z', '')}</td>
      <td class="text wrap">${d.comment.split('\n')[0]}</td></tr>`)}</tbody>
  </table></div>`;
}

function Months({api, role}) {
  const [list, setList] = useState(null);
  const load = () => api.json('/api/status').then(setList, (e) => api.showError(api.errorText(e)));
  useEffect(() => {
    load();
  }, []);
  if (!list) return html`<p class="loading">Hämtar…</p>`;
  if (!list.length) return html`<p class="empty">Inga fakturerade månader.</p>`;
  const closable = role === 'seller' || role === 'admin';
  // The latest month first: that is the one to review.
  const rows = [...list].reverse();
  return html`<div><div class="table-box scroll"><table class="data" data-testid="months-table">
    <thead><tr><th scope="col">Säljare</th><th scope="col">Månad</th><th scope="col">Fakturerad</th>
      <th scope="col" class="num">Fakturor</th><th scope="col" class="num">Kreditfakturor</th>
      <th scope="col" class="num">Netto kr</th><th scope="col">Stängd</th><th scope="col">SIE</th>
      <th scope="col" class="num">Levererade</th><th scope="col" class="num">Öppna tvister</th><th scope="col" class="num">Hållna poster</th></tr></thead>
    <tbody>${rows.map((m) => html`<${Row} key=${m.seller + m.period} api=${api} m=${m}
      closable=${closable} changed=${load} />`)}</tbody>
  </table></div>
  <h3>Leveranser till den nationella tjänsteplattformen</h3>
  <${Deliveries} api=${api} /></div>`;
}

// Shows the token's months in `container`.
export function mountMonths(container, api, role) {
  render(null, container);
  render(html`<${Months} api=${api} role=${role} />`, container);
}
