// The invoice list (the Fakturor page): filters, the list with its total, the
// documents' downloads and "Visa", which opens an invoice's lines
// (view-invoice.js). Plain DOM (el), moved out of app.js.
import {
  REGION_NAMES, state, formatInt, parseDecimal, formatKronor, formatOre, $, el, showError, clearMessage,
  apiJson, query, errorText, fillParties, viewApi, downloadPath,
} from '/common.js';

// ---------------------------------------------------------------- invoices page

const DOCUMENTS = [
  { kind: 'fakturaunderlag', label: 'Fakturaunderlag', ext: 'xml' },
  { kind: 'peppol', label: 'Peppol', ext: 'xml' },
  { kind: 'xlsx', label: 'XLSX', ext: 'xlsx' },
  { kind: 'csv', label: 'CSV', ext: 'csv' },
];

const KIND_NAMES = { care: 'vård', subscription: 'abonnemang', settlement: 'efterreglering', commitment: 'volymåtagande' };
const TYPE_NAMES = { invoice: 'faktura', credit: 'kreditfaktura' };

export async function loadInvoices() {
  clearMessage();
  const out = $('invoices-results');
  const params = {
    seller: $('invoices-seller').value.trim(),
    buyer: $('invoices-buyer').value.trim(),
    period: $('invoices-period').value.trim(),
  };
  out.replaceChildren(el('p', { class: 'loading' }, 'Hämtar…'));
  out.dataset.state = 'loading';
  try {
    const list = await apiJson('/api/invoices' + query(params));
    if (!state.partiesLoaded && !params.seller && !params.buyer && !params.period) {
      fillParties(list);
      state.partiesLoaded = true;
    }
    out.replaceChildren(renderInvoices(list));
    out.dataset.state = 'done';
  } catch (e) {
    out.replaceChildren();
    out.dataset.state = 'error';
    showError(errorText(e));
  }
}

function renderInvoices(list) {
  if (!list.length) return el('p', { class: 'empty', 'data-testid': 'invoices-empty' }, 'Inga fakturor.');
  let total = 0n;
  for (const i of list) total += parseDecimal(i.total, 2) || 0n;
  const cols = [
    'Nummer', 'Slag', 'Säljare', 'Köpare', 'Period', 'Fakturadatum', 'Förfaller',
    'Fakturaunderlag-id', 'Belopp (kr)', 'Rader', 'Dokument', 'Rader och avstämning'
  ];
  const rows = list.map(
      (i) =>
          el('tr', {'data-number': i.number, 'data-seller': i.seller},
             el('td', {'data-key': 'number'}, i.number),
             el('td', {'data-key': 'kind', 'data-type': i.type, 'data-kind': i.kind},
                (i.type === 'invoice' ? '' : (TYPE_NAMES[i.type] || i.type) + ', ') +
                    (KIND_NAMES[i.kind] || i.kind),
                i.reference_invoice ? el('span', {class: 'sub'}, ' avser ' + i.reference_invoice) :
                                      null),
             el('td', {'data-key': 'seller'}, i.seller),
             el('td', {'data-key': 'buyer', title: REGION_NAMES[i.buyer] || ''}, i.buyer,
                REGION_NAMES[i.buyer] ? el('span', {class: 'sub'}, ' ' + REGION_NAMES[i.buyer]) :
                                        null),
             el('td', {'data-key': 'period'}, i.period),
             el('td', {'data-key': 'issue_date'}, i.issue_date),
             el('td', {'data-key': 'due_date'}, i.due_date),
             el('td', {'data-key': 'spec_id', class: 'mono'}, i.spec_id || ''),
             el('td', {'data-key': 'total', class: 'num'}, formatKronor(i.total)),
             el('td', {'data-key': 'lines', class: 'num'}, formatInt(i.lines)),
             el('td', {'data-key': 'documents', class: 'docs'},
                DOCUMENTS
                    .filter(
                        (d) => !(
                            d.kind === 'fakturaunderlag' &&
                            i.kind !== 'care'))  // no patient data: no fakturaunderlag
                    .map(
                        (d) => el(
                            'button', {
                              type: 'button',
                              class: 'link',
                              'data-doc': d.kind,
                              'data-testid': 'download-' + d.kind,
                              title: 'Ladda ner ' + d.label,
                              onclick: (ev) => download(ev.currentTarget, i, d),
                            },
                            d.label))),
             el('td', {'data-key': 'show'},
                el('button',
                   {
                     type: 'button',
                     class: 'link',
                     'data-testid': 'show-invoice',
                     title: 'Visa fakturans rader',
                     onclick: () => showInvoice(i),
                   },
                   'Visa'))));
  return el(
      'div', {},
      el('p', {class: 'summary', 'data-testid': 'invoices-summary'},
         formatInt(list.length) + ' dokument, summa ' + formatOre(total) + ' kr'),
      el('div', {class: 'table-box scroll'},
         el('table', {class: 'data invoices', 'data-testid': 'invoices-table'},
            el('thead', {},
               el('tr', {},
                  cols.map(
                      (c) =>
                          el('th', {scope: 'col', class: /^(Belopp|Rader)/.test(c) ? 'num' : null},
                             c)))),
            el('tbody', {}, rows))),
      el('div', {id: 'invoice-detail', 'data-testid': 'invoice-detail-box'}));
}

export function showInvoicesOf(target) {
  if (!$('invoices-seller').readOnly) $('invoices-seller').value = target.seller;
  if (!$('invoices-buyer').readOnly) $('invoices-buyer').value = target.buyer;
  $('invoices-period').value = '';
  location.hash = '#/invoices';
  loadInvoices();
}

async function showInvoice(invoice) {
  clearMessage();
  const view = await import('/view-invoice.js');
  view.mountInvoice($('invoice-detail'), invoice, viewApi, state.me.role);
}


async function download(button, invoice, doc) {
  clearMessage();
  button.disabled = true;
  try {
    const path = '/api/invoices/' + encodeURIComponent(invoice.number) + '/documents/' + doc.kind +
      query({ seller: invoice.seller });
    await downloadPath(
        path, invoice.number + (doc.kind === 'peppol' ? '-peppol' : '') + '.' + doc.ext);
  } catch (e) {
    showError(errorText(e));
  } finally {
    button.disabled = false;
  }
}

