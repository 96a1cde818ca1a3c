// The invoice drill-down (issue 16 item 1): an invoice's lines, a line's price
// explanation, and "Stäm av": the buyer's reconciliation of the fakturaunderlag
// the server issued, whose findings it may save as disputes. A module of its
// own, in Preact with htm (third_party/web, served as /vendor/htm-preact.js);
// app.js mounts it under the invoice list and passes its API helpers.
import {html, render, useEffect, useRef, useState} from '/vendor/htm-preact.js';

// Kronor with öre, Swedish style, from the API's exact decimal strings (never
// floats: Intl formats the string as it is).
const kr = new Intl.NumberFormat('sv-SE', {minimumFractionDigits: 2, maximumFractionDigits: 2});
export const money = (text) => (text === null || text === undefined ? '' : kr.format(text));

const TYPE = {
  invoice: 'Faktura',
  credit: 'Kreditfaktura'
};

function Explanation({api, invoice, line}) {
  const [text, setText] = useState(null);
  useEffect(() => {
    const q = new URLSearchParams({seller: invoice.seller, record: line.record_id});
    api.json('/api/explain?' + q).then((r) => setText(r.text_sv), (e) => setText(api.errorText(e)));
  }, [line.record_id]);
  return html`<tr class="explain"><td colspan="7">
    <pre data-testid="explain-text">${text === null ? 'Hämtar…' : text}</pre></td></tr>`;
}

function Line({api, invoice, line, open, toggle}) {
  return html`
    <tr data-line=${line.line_id}>
      <td class="num">${line.line_id}</td>
      <td>${line.record_id || line.description || ''}</td>
      <td>${line.billing_date}</td>
      <td>${line.drg || ''}</td>
      <td class="num">${money(line.amount)}</td>
      <td>${
      line.reference_invoice ?
          line.reference_invoice + ':' + line.reference_line + ' (kod ' + line.reason_code + ')' :
          ''}</td>
      <td>${
      line.record_id ? html`<button type="button" class="link" data-testid="explain-line"
        aria-expanded=${open} onClick=${toggle}>${open ? 'Dölj' : 'Förklara'}</button>` :
                       ''}</td>
    </tr>
    ${open ? html`<${Explanation} api=${api} invoice=${invoice} line=${line} />` : ''}`;
}

function Check({api, invoice}) {
  const [report, setReport] = useState(null);
  const [saved, setSaved] = useState('');
  const run = (save) => {
    const q = new URLSearchParams({seller: invoice.seller});
    if (save) q.set('save', '1');
    api.json(
           '/api/invoices/' + encodeURIComponent(invoice.number) + '/reconcile?' + q,
           {method: 'POST'})
        .then((r) => {
          setReport(r);
          if (r.saved) setSaved(r.saved.text);
        }, (e) => api.showError(api.errorText(e)));
  };
  const findings = report ? report.findings : [];
  return html`<div class="check" data-testid="invoice-check">
    <button type="button" data-testid="check-invoice" onClick=${() => run(false)}>Stäm av</button>
    ${
      report && !findings.length ?
          html`<p class="ok" data-testid="check-clean">Inga fynd: allt stämmer.</p>` :
          ''}
    ${
      findings.length ? html`
      <table class="data" data-testid="check-findings">
        <thead><tr><th scope="col">Rad</th><th scope="col">Kod</th><th scope="col" class="num">Bestrids</th>
          <th scope="col" class="num">Räknas</th><th scope="col">Förklaring</th></tr></thead>
        <tbody>${findings.map((f) => html`<tr>
          <td class="num">${f.line_id}</td><td class="num">${f.reason_code || '–'}</td>
          <td class="num">${money(f.disputed)}</td><td class="num">${money(f.counted)}</td>
          <td class="text wrap">${f.message}</td></tr>`)}</tbody>
      </table>
      <button type="button" data-testid="save-disputes" onClick=${
                            () => run(true)}>Spara som tvister</button>` :
                        ''}
    ${saved ? html`<p class="ok" data-testid="disputes-saved">${saved}</p>` : ''}
  </div>`;
}

function InvoiceDetail({api, invoice, role, close}) {
  const [doc, setDoc] = useState(null);
  const [open, setOpen] = useState({});
  const title = useRef(null);
  // Keyboard and screen-reader users land on the invoice just opened.
  useEffect(() => {
    if (doc && title.current) title.current.focus();
  }, [doc]);
  useEffect(() => {
    const q = new URLSearchParams({seller: invoice.seller});
    api.json('/api/invoices/' + encodeURIComponent(invoice.number) + '?' + q).then(setDoc, (e) => {
      api.showError(api.errorText(e));
      close();
    });
  }, [invoice.number, invoice.seller]);
  if (!doc) return html`<p class="loading">Hämtar…</p>`;
  const canCheck =
      (role === 'buyer' || role === 'admin') && doc.kind === 'care' && doc.type === 'invoice';
  return html`<article class="card detail" data-testid="invoice-detail" data-number=${doc.number}>
    <h3 tabindex="-1" ref=${title}>${TYPE[doc.type] || doc.type} ${doc.number} från ${doc.seller} till ${doc.buyer}, period ${
      doc.period}
      <button type="button" class="close" data-testid="close-invoice" onClick=${close}
        aria-label="Stäng">×</button></h3>
    <div class="table-box scroll"><table class="data" data-testid="invoice-lines">
      <thead><tr><th scope="col" class="num">Rad</th><th scope="col">Vårdkontakt</th>
        <th scope="col">Vårddatum</th><th scope="col">DRG</th><th scope="col" class="num">Belopp (kr)</th>
        <th scope="col">Krediterar</th><th scope="col"></th></tr></thead>
      <tbody>${doc.lines.map((l) => html`<${Line} api=${api} invoice=${doc} line=${l}
        open=${!!open[l.line_id]} toggle=${() => setOpen({
                                             ...open,
                                             [l.line_id]: !open[l.line_id]
                                           })} />`)}
      </tbody>
      <tfoot><tr><th scope="row" colspan="4">Totalt</th><td class="num" data-testid="invoice-total">${
      money(doc.total)}</td>
        <td colspan="2"></td></tr></tfoot>
    </table></div>
    ${canCheck ? html`<${Check} api=${api} invoice=${doc} />` : ''}
  </article>`;
}

// Shows `invoice` ({number, seller}) in `container`, replacing what was there.
export function mountInvoice(container, invoice, api, role) {
  const close = () => render(null, container);
  render(
      html`<${InvoiceDetail} key=${invoice.seller + invoice.number} api=${api}
    invoice=${invoice} role=${role} close=${close} />`,
      container);
  container.scrollIntoView({block: 'nearest'});
}
