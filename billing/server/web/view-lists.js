// The operational lists (issue 16 item 4): the records billing holds, with
// the reason in Swedish (the API's reason_sv) and since when; credit-note lines with their national reason
// code in Swedish; lines invoiced more than six months after the care. Each
// as the token may see it (the API scopes them: a seller its own hospital's,
// a buyer what was billed to it, an admin all; held records are not a
// buyer's). Preact with htm (third_party/web), mounted by app.js on "Listor".
import {html, render, useEffect, useState} from '/vendor/htm-preact.js';
import {money} from '/view-invoice.js';

const day = (iso) => (iso ? iso.slice(0, 10) : '');

function Table({testid, head, rows}) {
  if (!rows.length) return html`<p class="empty" data-testid=${testid + '-empty'}>Inga.</p>`;
  return html`<div class="table-box scroll"><table class="data" data-testid=${testid}>
    <thead><tr>${head.map(([label, num]) => html`<th scope="col" class=${num ? 'num' : ''}>${label}</th>`)}</tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

function Held({list}) {
  return html`<${Table} testid="held-table"
    head=${[['Säljare'], ['Vårdkontakt'], ['Version', true], ['Köpare'], ['Vårddatum'], ['Hållen sedan'], ['Orsak']]}
    rows=${list.map((h) => html`<tr data-record=${h.record_id}>
      <td>${h.seller}</td><td>${h.record_id}</td><td class="num">${h.version}</td><td>${h.buyer}</td>
      <td>${h.billing_date}</td><td>${day(h.since)}</td><td class="text wrap" data-key="reason">${h.reason_sv}</td></tr>`)} />`;
}

function Lines({testid, list, credits}) {
  const head = [['Säljare'], ['Faktura'], ['Rad', true], ['Köpare'], ['Månad'], ['Vårdkontakt'], ['Vårddatum'],
    ['Belopp', true]];
  if (credits) head.push(['Avser faktura'], ['Orsak']);
  return html`<${Table} testid=${testid} head=${head}
    rows=${list.map((x) => html`<tr data-number=${x.number} data-line=${x.line_id}>
      <td>${x.seller}</td><td>${x.number}</td><td class="num">${x.line_id}</td><td>${x.buyer}</td>
      <td>${x.period}</td><td>${x.record_id || ''}</td><td>${x.billing_date}</td>
      <td class="num">${money(x.amount)}</td>
      ${credits ? html`<td>${x.reference_invoice}:${x.reference_line}</td>
        <td data-key="reason">${x.reason_code} ${x.reason_sv}</td>` : null}</tr>`)} />`;
}

function Lists({api, role}) {
  const [data, setData] = useState(null);
  useEffect(() => {
    const held = role === 'buyer' ? Promise.resolve(null) : api.json('/api/held');
    Promise.all([held, api.json('/api/credits'), api.json('/api/late')])
        .then(([h, c, l]) => setData({held: h, credits: c, late: l}), (e) => api.showError(api.errorText(e)));
  }, []);
  if (!data) return html`<p class="loading">Hämtar…</p>`;
  return html`<div>
    ${data.held ? html`<h3>Hållna poster</h3>
      <p class="note">Vårdkontakter som faktureringen inte kan prisa, med orsak och sedan när.</p>
      <${Held} list=${data.held} />` : null}
    <h3>Kreditfakturarader</h3>
    <p class="note">Varje krediterad rad med den nationella orsakskoden (1–9).</p>
    <${Lines} testid="credits-table" list=${data.credits} credits=${true} />
    <h3>Sena rader</h3>
    <p class="note">Rader fakturerade mer än sex månader efter vårddatum.</p>
    <${Lines} testid="late-table" list=${data.late} credits=${false} />
  </div>`;
}

// Shows the token's operational lists in `container`.
export function mountLists(container, api, role) {
  render(null, container);
  render(html`<${Lists} api=${api} role=${role} />`, container);
}
