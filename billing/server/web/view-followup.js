// The follow-up page (issue 16 item 3): the tables of the seller's meeting
// pack (or a buyer's bought and referred care) with their Chart.js charts,
// several sellers side by side, a year range, drill-down from a row to its
// invoices, and "Skriv ut tabell". Plain DOM (el), moved out of app.js, which
// calls loadFollowup on "Visa" and resetFollowup at logout.
import {
  REGION_NAMES, state, roundHalfAway, formatInt, formatTkr, parseDecimal, formatPercent, formatPercentText,
  formatPoints, formatKr, $, el, showError, clearMessage, apiJson, query, errorText,
} from '/common.js';
import { showInvoicesOf } from '/view-invoice-list.js';

const CARE_TYPES = {
  inpatient: 'Vårdtillfällen (SV)',
  doctor_visit: 'Läkarbesök (ÖV)',
  day_care: 'Dagsjukvård (ÖV)',
  other_visit: 'Övriga besök (ÖV)',
  total: 'Totalt',
};

const ROW_LABELS = {
  total: 'Totalt',
  top10: 'Summa topp 10',
  top10_share: 'Topp 10 andel av totalt',
  inside_total: 'Inom sjukvårdsregionen',
  outside_total: 'Utom sjukvårdsregionen',
  inside: 'inom',
  outside: 'utom',
  others: 'Övriga verksamhetsområden',
};

// ---------------------------------------------------------------- tables

// How one follow-up column is shown: 'text', 'money' (tkr), 'count',
// 'points' (whole points) or 'percent'.
function columnKind(table, key, index) {
  if (index === 0) return 'text';
  if (['name', 'clinic', 'healthcare_region', 'region', 'group', 'care_type', 'drg', 'seller', 'hospital'].includes(key) ||
      key.endsWith('_code')) return 'text';
  if (/_pct(_|$)/.test(key)) return 'percent';  // diff_pct, change_pct, diff_pct_as_invoiced
  if (key === 'points' || key.startsWith('points_') || key.endsWith('_points')) return 'points';
  if (key === 'months_billed' || key.endsWith('_contacts')) return 'count';
  if (table.table === 'contacts') return 'count';
  return 'money';
}

const HEADINGS = [
  [/^region$/, () => 'Region'],
  [/^care_type$/, () => 'Slutenvård/Öppenvård'],
  [/^seller$/, () => 'Säljare'],
  [/^healthcare_region$/, () => 'Sjukvårdsregion'],
  [/^drg$/, () => 'DRG-kod'],
  [/^name$/, () => 'DRG-text'],
  [/^clinic$/, () => 'Klinik'],
  [/^invoiced_(\d{4})_restated$/, (m) => 'Fakturerat ' + m[1] + '*'],
  [/^invoiced_(\d{4})$/, (m, t) => (t.table === 'invoiced-split' ? 'Totalt ' : 'Fakturerat ') + m[1] + notRestated(t, m[1])],
  [/^contacts_(\d{4})$/, (m) => 'Antal kontakter ' + m[1]],
  [/^variable_(\d{4})$/, (m) => 'Rörlig ' + m[1]],
  [/^subscription_(\d{4})$/, (m) => 'Abonnemang ' + m[1]],
  [/^outliers_(\d{4})$/, (m) => 'Ytterfall ' + m[1]],
  [/^items_(\d{4})$/, (m) => 'Undantag ' + m[1]],
  [/^tariffs_(\d{4})$/, (m) => 'Åtgärdsersättning ' + m[1]],
  [/^at_cost_(\d{4})$/, (m) => 'Tilläggsdebitering ' + m[1]],
  [/^with_referral_(\d{4})$/, (m) => 'Med remiss ' + m[1]],
  [/^without_referral_(\d{4})$/, (m) => 'Utan remiss ' + m[1]],
  [/^bought_(\d{4})_restated$/, (m) => 'Totalt ' + m[1] + '*'],
  [/^bought_(\d{4})$/, (m, t) => (t.table === 'referred' ? 'Köpt vård totalt ' : 'Totalt ') + m[1] + notRestated(t, m[1])],
  [/^points_(\d{4})$/, (m) => 'Poäng ' + m[1]],
  [/^committed_points$/, () => 'Åtagande (poäng)'],
  [/^cap_points$/, () => 'Tak (poäng)'],
  [/^delivered_points$/, (m, t) => (t.table === 'plan' ? 'Levererade poäng' : 'Levererat hittills')],
  [/^planned_contacts$/, () => 'Planerade kontakter'],
  [/^delivered_contacts$/, () => 'Levererade kontakter'],
  [/^forecast_contacts$/, () => 'Prognos kontakter'],
  [/^deviation_contacts$/, () => 'Avvikelse kontakter'],
  [/^deviation_contacts_pct$/, () => 'Avvikelse %'],
  [/^planned_points$/, () => 'Planerade poäng'],
  [/^deviation_points$/, () => 'Avvikelse poäng'],
  [/^deviation_points_pct$/, () => 'Avvikelse poäng %'],
  [/^months_billed$/, () => 'Fakturerade månader'],
  [/^forecast_points$/, (m, t) => (t.table === 'plan' ? 'Prognos poäng' : 'Prognos helår')],
  [/^expected_true_up$/, (m, t) => 'Förväntad avräkning (' + moneyUnit(t) + ')'],
  [/^settlement_(\d{4})$/, (m) => 'Efterreglering ' + m[1]],
  [/^commitment_(\d{4})$/, (m) => 'Volymåtagande ' + m[1]],
  [/^group$/, () => 'Vårdgivare'],
  [/^referred_medical_(\d{4})$/, (m) => 'Remitterad av medicinska skäl ' + m[1]],
  [/^share_pct$/, () => 'Andel %'],
  [/^diff$/, () => 'Diff'],
  [/^change$/, () => 'Förändring'],
  [/^change_pct$/, () => 'Förändring %'],
  [/^volume_effect$/, () => 'Volymeffekt'],
  [/^price_model_effect$/, () => 'Pris- och modelleffekt'],
  [/^hospital$/, () => 'Sjukhus'],
  [/^cost_per_point_(\d{4})$/, (m) => 'Kostnad per poäng ' + m[1]],
  [/^points$/, () => 'Poäng'],
  [/^diff_pct$/, (m, t) => (isRestated(t) ? 'Diff % mot uppräknat' : 'Diff %')],
  [/^diff_pct_as_invoiced$/, () => 'Diff % mot ej uppräknat'],
];

// 'kr' for a table in whole kronor (commitment), else 'tkr'.
function moneyUnit(table) {
  return table.money_unit === 'kr' ? 'kr' : 'tkr';
}

// A table whose previous year is restated (--restate) also shows it as invoiced.
function isRestated(table) {
  return table.columns.some((k) => k.endsWith('_restated'));
}

// " ej uppräknat" for the previous year as invoiced when the table also shows it restated.
function notRestated(table, year) {
  return isRestated(table) && Number(year) !== table.year ? ' ej uppräknat' : '';
}

// The columns people see: codes (region_code, seller_code) are for programs.
function shownColumns(table) {
  return table.columns.filter((k) => !k.endsWith('_code'));
}

function heading(table, key) {
  for (const [re, f] of HEADINGS) {
    const m = re.exec(key);
    if (m) return f(m, table);
  }
  return key;
}

function rowLabel(table, value) {
  if (value === null || value === undefined) return '';
  if (table.table === 'contacts' && CARE_TYPES[value]) return CARE_TYPES[value];
  return ROW_LABELS[value] || String(value);
}

function parsePoints(text) {
  return text === null || text === undefined ? null : parseDecimal(text, 4);
}

// The text of one cell, rounded from the exact values like the CLI's table.
function cellText(table, row, key, index) {
  const v = row[key];
  if (v === null || v === undefined) return '';
  const kind = columnKind(table, key, index);
  if (kind === 'text') return index === 0 || key === 'healthcare_region' ? rowLabel(table, v) : String(v);
  if ((table.table === 'top-drg' || table.table === 'buyer-top-drg') && row.drg === 'top10_share') {
    // top 10 / total of the same year, from the exact points of those rows.
    const top = table.rows.find((r) => r.drg === 'top10');
    const all = table.rows.find((r) => r.drg === 'total');
    const num = top && parsePoints(top[key]);
    const den = all && parsePoints(all[key]);
    if (num !== null && den !== null && den !== 0n && num !== undefined && den !== undefined) {
      return formatPercent(num, den);
    }
    return formatPercentText(v);
  }
  if (kind === 'percent') {
    // (now − before) / before: the "diff" column over the column before it.
    const cols = table.columns;
    const d = cols.indexOf('diff');
    if (key === 'diff_pct' && d > 0 && typeof row.diff === 'number' && typeof row[cols[d - 1]] === 'number' &&
        row[cols[d - 1]] !== 0) {
      return formatPercent(row.diff, row[cols[d - 1]]);
    }
    if (key === 'diff_pct_as_invoiced') {
      // Against the previous year as invoiced (the column before): this year's column over it.
      const beforeKey = cols[cols.indexOf(key) - 1];
      const before = row[beforeKey];
      const now = row[beforeKey.replace(/\d{4}$/, String(table.year))];
      if (typeof before === 'number' && typeof now === 'number' && before !== 0) {
        return formatPercent(now - before, before);
      }
    }
    return formatPercentText(v);
  }
  if (kind === 'points') return formatPoints(v, table.point_decimals || 0);
  if (kind === 'count') return formatInt(v);
  return moneyUnit(table) === 'kr' ? formatKr(v) : formatTkr(v);
}

// Drill-down from a follow-up row (issue 16 item 1): a buyer region's row
// (region_code) of a seller's table shows that seller's invoices to it; a
// seller's row (seller_code) of the buyer's `bought` table, that seller's
// invoices to the buyer. Subtotal and total rows carry no code: none.
function drillTarget(table, row) {
  if (row.region_code) return { seller: table.seller || $('followup-seller').value.trim(), buyer: row.region_code };
  if (row.seller_code && table.table === 'bought') {
    return { seller: row.seller_code, buyer: $('followup-buyer').value.trim() };
  }
  return null;
}


function renderFollowupTable(table, testid) {
  const cols = shownColumns(table);
  const regionRows = cols[0] === 'region';
  const head = el('tr', {}, cols.map((k, i) =>
    el('th', { 'data-key': k, class: columnKind(table, k, i) === 'text' ? 'text' : 'num', scope: 'col' }, heading(table, k))));
  const body = table.rows.map((row) => {
    const rowKey = String(row[cols[0]]);
    const isTotal = ['total', 'top10', 'top10_share', 'inside_total', 'outside_total'].includes(rowKey);
    return el('tr', { 'data-row': rowKey, class: isTotal ? 'total' : null },
      cols.map((k, i) => {
        const kind = columnKind(table, k, i);
        const attrs = { 'data-key': k, 'data-row': rowKey, class: kind !== 'text' ? 'num' : k === 'name' ? 'text wrap' : 'text' };
        if (regionRows) attrs['data-region'] = rowKey;
        if (i === 0) {
          const target = drillTarget(table, row);
          return el('th', Object.assign(attrs, { scope: 'row' }), cellText(table, row, k, i),
            target ? el('button', {
              type: 'button', class: 'link drill', 'data-testid': 'drill-invoices',
              'aria-label': 'Visa fakturorna till ' + cellText(table, row, k, i),
              onclick: () => showInvoicesOf(target),
            }, 'fakturor') : null);
        }
        return el('td', attrs, cellText(table, row, k, i));
      }));
  });
  return el('table', { class: 'data', 'data-testid': testid, 'data-table': table.table },
    el('thead', {}, head), el('tbody', {}, body));
}

// ---------------------------------------------------------------- charts

// Chart.js keeps every chart until it is destroyed (a detached one even
// watches the document to be re-attached): destroy those under `root` before
// it is emptied.
function destroyCharts(root) {
  for (const c of root.querySelectorAll('canvas')) {
    const chart = Chart.getChart(c);
    if (chart) chart.destroy();
  }
}

// A bar chart drawn by Chart.js: categories along x, one bar per series
// (grouped) or one stacked bar per category. values[c][s] in display units
// (tkr, count).
function barChart(opts) {
  const { testid, title, categories, series, values, stacked, unit } = opts;
  if (!categories.length || values.every((row) => row.every((v) => !v))) {
    return el('p', { class: 'empty', 'data-testid': testid, 'data-empty': '' }, 'Inget att visa i diagrammet.');
  }
  // Chart.js (third_party/web, /vendor/chart.umd.js) draws it: axes, legend,
  // tooltips, print. Colours are the page's series colours (style.css).
  const canvas = el('canvas', { role: 'img', 'aria-label': title });
  const box = el('div', { class: 'chart', 'data-testid': testid }, canvas);
  const css = getComputedStyle(document.documentElement);
  const colour = (i) => css.getPropertyValue('--series-' + (i % 6)).trim() || '#4a6fa5';
  const number = new Intl.NumberFormat('sv-SE');
  const suffix = unit ? ' ' + unit : '';
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: categories.map((c) => c.label),
      datasets: series.map((s, i) => ({
        key: s.key, label: s.name, backgroundColor: colour(i),
        data: values.map((row) => row[i] || 0),
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: 'sv-SE',
      plugins: {
        title: { display: true, text: title },
        legend: { position: 'top' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${number.format(c.parsed.y)}${suffix}` } },
      },
      scales: {
        x: { stacked: !!stacked },
        y: {
          stacked: !!stacked, beginAtZero: true,
          title: { display: !!unit, text: unit || '' },
          ticks: { callback: (v) => number.format(v) },
        },
      },
    },
  });
  // Category keys beside their labels, for tests and programs reading the page.
  canvas.dataset.categories = JSON.stringify(categories.map((c) => c.key));
  return box;
}

function tkrValue(ore) {
  return Number(roundHalfAway(ore, 100000n));
}

// This year's amount beside last year's (as the table shows it: restated or
// not) per row of `labelKey` except the total rows, in tkr. `word` is the
// headings' common start ("Fakturerat "), left out of the title.
function yearsChart(table, testid, { labelKey, now, before, title, word }) {
  const totals = ['total', 'inside_total', 'outside_total'];
  const rows = table.rows.filter((r) => !totals.includes(r[labelKey]));
  const year = (k) => heading(table, k).replace(word, '');
  return barChart({
    testid,
    title: title + ' ' + year(now) + ' och ' + year(before),
    unit: 'tkr',
    categories: rows.map((r) => ({ key: r[labelKey], label: r[labelKey] })),
    series: [{ key: before, name: heading(table, before) }, { key: now, name: heading(table, now) }],
    values: rows.map((r) => [tkrValue(r[before] || 0), tkrValue(r[now] || 0)]),
  });
}

function invoicedChart(table, testid = 'invoiced-chart') {
  const [, now, before] = table.columns;
  return yearsChart(table, testid, { labelKey: 'region', now, before, title: 'Fakturerat per region', word: /^Fakturerat / });
}

// The buyer's bought care per seller: this year's total beside last year's.
function boughtChart(table, testid = 'bought-chart') {
  const at = table.columns.findIndex((k) => /^bought_\d{4}$/.test(k));
  return yearsChart(table, testid, {
    labelKey: 'seller', now: table.columns[at], before: table.columns[at + 1],
    title: 'Köpt vård per säljare', word: /^Totalt /,
  });
}

// The buyer's care referred for medical reasons beside all it bought, per
// group of care givers.
function referredChart(table, testid = 'referred-chart') {
  return partsChart(table, testid, {
    labelKey: 'group', title: 'Remitterad av medicinska skäl och köpt vård totalt',
    parts: table.columns.filter((k) => /^(referred_medical|bought)_\d{4}$/.test(k)),
  });
}

// The amounts of columns `parts` per row of `labelKey` except the total, in
// tkr: one bar per part (grouped), or one bar per row of the parts stacked;
// `name` gives a part's series name (its heading by default).
function partsChart(table, testid, { labelKey, parts, title, stacked, name = (k) => heading(table, k) }) {
  const rows = table.rows.filter((r) => r[labelKey] !== 'total');
  return barChart({
    testid,
    title,
    unit: 'tkr',
    stacked,
    categories: rows.map((r) => ({ key: r[labelKey], label: r[labelKey] })),
    series: parts.map((k) => ({ key: k, name: name(k) })),
    values: rows.map((r) => parts.map((k) => tkrValue(r[k] || 0))),
  });
}

function contactsChart(table, testid = 'contacts-chart') {
  const cols = table.columns;
  const rows = table.rows.filter((r) => r.care_type !== 'total');
  return barChart({
    testid,
    title: 'Antal kontakter per vårdtyp',
    unit: 'kontakter',
    categories: rows.map((r) => ({ key: r.care_type, label: rowLabel(table, r.care_type) })),
    series: [{ key: cols[2], name: heading(table, cols[2]).replace('Antal kontakter ', '') },
      { key: cols[1], name: heading(table, cols[1]).replace('Antal kontakter ', '') }],
    values: rows.map((r) => [Number(r[cols[2]] || 0), Number(r[cols[1]] || 0)]),
  });
}

function splitChart(table, testid = 'split-chart') {
  const parts = table.columns.filter((k) => /^(variable|outliers|items|tariffs|at_cost|subscription)_\d{4}$/.test(k));
  const order = ['variable', 'outliers', 'items', 'tariffs', 'at_cost', 'subscription'];
  const part = (k) => k.replace(/_\d{4}$/, '');
  parts.sort((a, b) => order.indexOf(part(a)) - order.indexOf(part(b)));
  return partsChart(table, testid, {
    labelKey: 'region', title: 'Rörlig ersättning och abonnemang per region', parts, stacked: true,
    name: (k) => heading(table, k).replace(/ \d{4}$/, ''),
  });
}

function clinicsChart(table, testid = 'clinics-chart') {
  const cols = table.columns.filter((k) => /^points_\d{4}$/.test(k));
  const rows = table.rows.filter((r) => r.clinic !== 'total');
  return barChart({
    testid,
    title: 'DRG-poäng per klinik',
    unit: 'poäng',
    categories: rows.map((r) => ({ key: r.clinic, label: rowLabel(table, r.clinic) })),
    series: cols.map((k) => ({ key: k, name: k.replace('points_', '') })),
    values: rows.map((r) => cols.map((k) => Math.round(Number(r[k] || 0)))),
  });
}

function decompositionChart(table, testid = 'decomposition-chart') {
  return partsChart(table, testid, {
    labelKey: 'region', title: 'Förändring per region: volym och pris/modell',
    parts: ['volume_effect', 'price_model_effect'],
  });
}

// ---------------------------------------------------------------- follow-up page

const FOLLOWUP_TABLES = [
  { name: 'invoiced', title: 'Fakturerat per region (tkr)', restate: true, chart: invoicedChart },
  { name: 'contacts', title: 'Antal kontakter', chart: contactsChart },
  { name: 'invoiced-split', title: 'Rörlig ersättning och abonnemang per region (tkr)', chart: splitChart },
  { name: 'top-drg', title: 'Största DRG (DRG-poäng)' },
  { name: 'clinics', title: 'DRG-poäng per klinik', chart: clinicsChart },
  { name: 'decomposition', title: 'Förändring: volym och pris/modell per region (tkr)', restate: true, chart: decompositionChart },
  { name: 'cost-per-point', title: 'Kostnad per DRG-poäng (kr)' },
  // Only when the seller's agreement of the year has a volume commitment.
  { name: 'commitment', title: 'Volymåtagande per region', optional: true },
  // Only when the seller has a production plan for the year (import plans).
  { name: 'plan', title: 'Produktionsplan per region och klinik', optional: true },
];

let followupSerial = 0;

// At logout: a follow-up load still under way shows nothing, and the charts go.
export function resetFollowup() {
  ++followupSerial;
  destroyCharts($('followup-results'));
}

export async function loadFollowup() {
  clearMessage();
  const serial = ++followupSerial;
  const out = $('followup-results');
  const year = $('followup-year').value.trim();
  const restate = $('followup-restate').checked ? 'LPIK' : '';
  if (!/^\d{4}$/.test(year)) {
    showError('Ange ett år med fyra siffror.');
    return;
  }
  out.replaceChildren(el('p', { class: 'loading' }, 'Hämtar…'));
  out.dataset.state = 'loading';
  try {
    let sections;
    if (state.me.role === 'buyer' || ($('followup-buyer').value.trim() && !$('followup-seller').value.trim())) {
      const buyer = $('followup-buyer').value.trim();
      const [t, referred] = await Promise.all([
        apiJson('/api/followup/bought' + query({ buyer, year, restate })),
        apiJson('/api/followup/referred' + query({ buyer, year }))]);
      const region = REGION_NAMES[buyer] || buyer;
      sections = [section('Köpt vård, ' + region + ' ' + year + ' (tkr)', 'bought', t, boughtChart),
        section('Köpt vård remitterad av medicinska skäl, ' + region + ' ' + year + ' (tkr)', 'referred', referred,
          referredChart)];
    } else {
      // One seller, or several side by side ("AS, USO": an admin comparing a
      // healthcare region's hospitals, as the meeting does).
      const sellers = $('followup-seller').value.trim().split(/[\s,]+/).filter((x) => x);
      if (!sellers.length) throw new Error('ange en säljare');
      const from = $('followup-from').value.trim();
      if (from && (!/^\d{4}$/.test(from) || Number(from) >= Number(year))) {
        throw new Error('Från år ska vara ett år före ' + year);
      }
      const several = sellers.length > 1;
      const each = await Promise.all(sellers.map((seller) => sellerSections(seller, year, restate, from, several)));
      if (!several) {
        sections = each[0].map((x) => x.node);
      } else {
        // Table by table, the sellers' sections side by side.
        const names = [];
        for (const list of each) for (const x of list) if (!names.includes(x.name)) names.push(x.name);
        sections = names.map((name) => el('div', { class: 'side-by-side', 'data-testid': 'side-by-side-' + name },
          ...each.map((list) => (list.find((x) => x.name === name) || {}).node).filter((n) => n)));
      }
    }
    if (serial !== followupSerial) return;
    destroyCharts(out);
    out.replaceChildren(...sections);
    out.dataset.state = 'done';
  } catch (e) {
    if (serial !== followupSerial) return;
    out.replaceChildren();
    out.dataset.state = 'error';
    showError(errorText(e));
  }
}

// One seller's sections of the meeting pack, each as { name, node }: the
// seller tables, a top 10 per buyer region and, with `from`, invoiced per
// region for every year from `from` (those with data) through `year`. With
// `several`, each section's test id carries the seller.
async function sellerSections(seller, year, restate, from, several) {
  const id = (name) => (several ? name + '-' + seller : name);
  const tables = await Promise.all(FOLLOWUP_TABLES.map((d) => {
    const got = apiJson('/api/followup/' + d.name + query({ seller, year, restate: d.restate ? restate : '' }));
    // An optional table the seller's agreement does not have: left out; other errors show.
    return d.optional ? got.catch((e) => (/has no \[commitment\]|no production plan/.test(e.english || '') ? null : Promise.reject(e))) : got;
  }));
  const out = [];
  FOLLOWUP_TABLES.forEach((d, i) => {
    if (tables[i]) {
      out.push({ name: d.name, node: section(d.title + ', ' + seller + ' ' + year, id(d.name), tables[i], d.chart,
        several ? id(d.name) + '-chart' : undefined) });
    }
  });
  if (from) {
    const range = await invoicedYears(seller, Number(from), Number(year));
    if (!range) {
      out.splice(1, 0, { name: 'invoiced-years', node: el('p', { class: 'note', 'data-testid': id('invoiced-years') + '-none' },
        'Fakturerat år för år: bara ett år med data för ' + seller + '.') });
    } else {
      out.splice(1, 0, { name: 'invoiced-years', node: section('Fakturerat per region ' + range.first + '–' + year +
        ', ' + seller + ' (tkr)', id('invoiced-years'), range.table, invoicedYearsChart,
        several ? id('invoiced-years') + '-chart' : undefined) });
    }
  }
  // The top 10 DRGs of each buyer region of the invoiced table (table 5).
  const buyers = tables[0].rows.map((r) => r.region_code).filter((c) => c);
  const tops = await Promise.all(buyers.map((buyer) =>
    apiJson('/api/followup/buyer-top-drg' + query({ seller, year, buyer }))));
  tops.forEach((t, k) => out.push({ name: 'buyer-top-drg-' + buyers[k], node: section('Största DRG för ' +
    (REGION_NAMES[buyers[k]] || buyers[k]) + ', ' + seller + ' ' + year + ' (DRG-poäng)', id('buyer-top-drg-' + buyers[k]), t, null) }));
  return out;
}

// Invoiced per buyer region for each year `from`..`to` that has data (a year
// without is left out: 404), from each year's invoiced table, as one table
// (amounts exact, in öre). Null when fewer than two years have data.
async function invoicedYears(seller, from, to) {
  const years = [];
  for (let y = Math.max(from, to - 9); y <= to; ++y) years.push(y);  // at most ten years
  const got = await Promise.all(years.map((y) => apiJson('/api/followup/invoiced' + query({ seller, year: String(y) }))
    .catch((e) => (/404/.test(errorText(e)) || /no .*data|has no/i.test(e.english || '') ? null : Promise.reject(e)))));
  const shown = years.filter((_, i) => got[i]);
  if (shown.length < 2) return null;
  const rows = new Map();  // region_code (or 'total') -> row
  got.forEach((t, i) => {
    if (!t) return;
    for (const r of t.rows) {
      const key = r.region_code || r.region;
      if (!rows.has(key)) rows.set(key, { region: r.region, region_code: r.region_code });
      rows.get(key)['invoiced_' + years[i]] = r['invoiced_' + years[i]];
    }
  });
  const list = [...rows.values()];
  // A region without invoices in a shown year: 0 there, as in the chart.
  for (const r of list) for (const y of shown) if (r['invoiced_' + y] === undefined) r['invoiced_' + y] = 0;
  list.sort((a, b) => (a.region === 'total') - (b.region === 'total') || String(a.region).localeCompare(String(b.region), 'sv'));
  return {
    first: shown[0],
    table: { table: 'invoiced-years', seller, year: to, columns: ['region', ...shown.map((y) => 'invoiced_' + y), 'region_code'], rows: list },
  };
}

function invoicedYearsChart(table, testid = 'invoiced-years-chart') {
  const cols = table.columns.filter((k) => /^invoiced_\d{4}$/.test(k));
  const rows = table.rows.filter((r) => r.region !== 'total');
  return barChart({
    testid,
    title: 'Fakturerat per region och år',
    unit: 'tkr',
    categories: rows.map((r) => ({ key: r.region, label: r.region })),
    series: cols.map((k) => ({ key: k, name: k.replace('invoiced_', '') })),
    values: rows.map((r) => cols.map((k) => tkrValue(r[k] || 0))),
  });
}

// `chartId`: the chart's test id when it is not the chart's own (several
// sellers: "invoiced-AS-chart" beside "invoiced-USO-chart").
function section(title, name, table, chart, chartId) {
  const note = table.note ? el('p', { class: 'note', 'data-testid': name + '-note' }, table.note) : null;
  const card = el('article', { class: 'card', 'data-testid': name + '-section' },
    el('div', { class: 'card-head' }, el('h3', {}, title),
      el('button', {
        type: 'button', class: 'link print-table', 'data-testid': 'print-table',
        title: 'Bara den här tabellen, med diagram och fotnot; välj Spara som PDF för en PDF',
        onclick: () => printSection(card),
      }, 'Skriv ut tabell')),
    el('div', { class: 'card-body' },
      chart ? el('div', { class: 'chart-box' }, chartId ? chart(table, chartId) : chart(table)) : null,
      el('div', { class: 'table-box' }, renderFollowupTable(table, name + '-table'), note)));
  return card;
}

// "Skriv ut tabell": the browser's print dialog for one section of the
// follow-up (its title, chart, table and footnote) in the print layout; the
// other sections are left out until the dialog closes (style.css, .print-one).
function printSection(card) {
  document.body.classList.add('print-one');
  card.classList.add('printing');
  window.addEventListener('afterprint', () => {
    document.body.classList.remove('print-one');
    card.classList.remove('printing');
  }, { once: true });
  window.print();
}
