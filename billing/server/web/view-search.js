// Search (issue 16 item 1): the invoice and credit-note lines of one patient
// (personnummer, samordningsnummer or pseudonym) or one care contact, scoped
// by the server to what the token may see; a hit opens its invoice's
// drill-down. Preact with htm (third_party/web), mounted by app.js.
import {html, render, useRef, useState} from '/vendor/htm-preact.js';
import {money, mountInvoice} from '/view-invoice.js';

function Search({api, role}) {
  const [by, setBy] = useState('patient');
  const [key, setKey] = useState('');
  const [hits, setHits] = useState(null);
  const detail = useRef(null);
  const submit = (e) => {
    e.preventDefault();
    if (!key.trim()) return;
    render(null, detail.current);  // the previous hit's invoice goes
    // POST: a personnummer stays out of URLs (and so out of proxies' logs).
    const body = JSON.stringify({[by]: key.trim()});
    api.json('/api/search', {method: 'POST', body, headers: {'Content-Type': 'application/json'}})
        .then(setHits, (err) => {
      setHits(null);
      api.showError(api.errorText(err));
    });
  };
  return html`<div>
    <form class="form" onSubmit=${submit} data-testid="search-form">
      <label>Sök på
        <select value=${by} onChange=${(e) => setBy(e.target.value)} data-testid="search-by">
          <option value="patient">personnummer</option>
          <option value="record">vårdkontakt</option>
        </select></label>
      <label>${by === 'patient' ? 'Personnummer' : 'Vårdkontakt (journal-id)'}
        <input type="text" value=${key} onInput=${(e) => setKey(e.target.value)} size="20"
          autocomplete="off" data-testid="search-key" /></label>
      <button type="submit" data-testid="search-run">Sök</button>
    </form>
    ${
      hits && !hits.length ? html`<p class="empty" data-testid="search-empty">Inga träffar.</p>` :
                             ''}
    ${
      hits && hits.length ?
          html`<div class="table-box scroll"><table class="data" data-testid="search-hits">
      <thead><tr><th scope="col">Säljare</th><th scope="col">Dokument</th><th scope="col">Köpare</th>
        <th scope="col">Period</th><th scope="col" class="num">Rad</th><th scope="col">Vårdkontakt</th>
        <th scope="col">Vårddatum</th><th scope="col" class="num">Belopp (kr)</th><th scope="col">Krediterar</th></tr></thead>
      <tbody>${
              hits.map(
                  (x) => html`<tr data-number=${x.number}>
        <td>${x.seller}</td>
        <td><button type="button" class="link" data-testid="search-open"
          onClick=${
                      () => mountInvoice(
                          detail.current, {number: x.number, seller: x.seller}, api, role)}>
          ${(x.type === 'credit' ? 'kreditfaktura ' : 'faktura ') + x.number}</button></td>
        <td>${x.buyer}</td><td>${x.period}</td><td class="num">${x.line_id}</td>
        <td>${x.record_id || ''}</td><td>${x.billing_date}</td><td class="num">${
                      money(x.amount)}</td>
        <td>${
                      x.reference_invoice ? x.reference_invoice + ':' + x.reference_line +
                              ' (kod ' + x.reason_code + ')' :
                                            ''}</td>
      </tr>`)}</tbody></table></div>` :
          ''}
    <div ref=${detail} data-testid="search-detail"></div>
  </div>`;
}

// Shows the search form in `container`.
export function mountSearch(container, api, role) {
  render(html`<${Search} api=${api} role=${role} />`, container);
}
