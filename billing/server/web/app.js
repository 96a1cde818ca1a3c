// The vardavtal web dashboard: no network but this server's /api/
// (docs/server.md). The page itself: logging in with a token, the role's
// pages, routing, and the start; each page's view is a module of its own
// (view-*.js), the shared helpers and number formats are in common.js.
import {
  state, roundHalfAway, formatInt, formatTkr, formatKronor, formatPercent, formatPoints, $, el, showError,
  clearMessage, apiJson, errorText, fillParties, viewApi,
} from '/common.js';
import { loadFollowup, resetFollowup } from '/view-followup.js';
import { loadInvoices } from '/view-invoice-list.js';
import { runReconcile } from '/view-reconcile.js';

const TOKEN_KEY = 'vardavtal.token';

const ROLE_NAMES = { admin: 'administratör', seller: 'säljare', buyer: 'köpare' };

// ---------------------------------------------------------------- login

async function login(token) {
  state.token = token;
  try {
    const me = await apiJson('/api/me');
    state.me = me;
    sessionStorage.setItem(TOKEN_KEY, token);
    return true;
  } catch (e) {
    state.token = null;
    state.me = null;
    sessionStorage.removeItem(TOKEN_KEY);
    showError('Inloggningen misslyckades. ' + errorText(e));
    return false;
  }
}

function logout() {
  state.token = null;
  state.me = null;
  state.partiesLoaded = false;
  sessionStorage.removeItem(TOKEN_KEY);
  resetFollowup();  // a follow-up load still under way shows nothing
  for (const id of ['followup-results', 'invoices-results', 'reconcile-results']) $(id).replaceChildren();
  // The views' roots anew: their state (a search, the disputes) goes with the old ones.
  for (const id of ['search-results', 'disputes-results', 'lists-results', 'months-results']) {
    $(id).replaceWith(el('div', { id, 'data-testid': id }));
  }
  $('sellers').replaceChildren();
  $('buyers').replaceChildren();
  clearMessage();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  render();
}

function applyRole() {
  const me = state.me;
  const role = me.role;
  $('user-name').textContent = me.name;
  $('user-role').textContent = (ROLE_NAMES[role] || role) + (me.party ? ' ' + me.party : '');
  // The token's expiry, in Swedish local time ("gäller till 2027-03-03 10:00").
  $('user-expiry').textContent = me.expires_at
    ? 'gäller till ' + new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' })
      .format(new Date(me.expires_at))
    : 'utan slutdatum';
  $('user-role').dataset.role = role;
  $('user').hidden = false;
  $('nav').hidden = false;
  document.querySelector('[data-page="reconcile"]').hidden = !(role === 'buyer' || role === 'admin');
  document.querySelector('[data-page="months"]').hidden = !(role === 'seller' || role === 'admin');

  // Follow-up: a seller sees its own tables, a buyer the "bought" table.
  const sellerInput = $('followup-seller');
  const buyerInput = $('followup-buyer');
  $('followup-seller-label').hidden = role === 'buyer';
  $('followup-from-label').hidden = role === 'buyer';
  $('followup-buyer-label').hidden = role !== 'buyer';
  sellerInput.readOnly = role === 'seller';
  buyerInput.readOnly = role === 'buyer';
  if (role === 'seller') sellerInput.value = me.party;
  if (role === 'buyer') buyerInput.value = me.party;

  const invSeller = $('invoices-seller');
  const invBuyer = $('invoices-buyer');
  invSeller.readOnly = role === 'seller';
  invBuyer.readOnly = role === 'buyer';
  if (role === 'seller') invSeller.value = me.party;
  if (role === 'buyer') invBuyer.value = me.party;

  const recBuyer = $('reconcile-buyer');
  recBuyer.readOnly = role === 'buyer';
  if (role === 'buyer') recBuyer.value = me.party;
}

// ---------------------------------------------------------------- routing

const PAGES = ['followup', 'invoices', 'search', 'reconcile', 'disputes', 'months', 'lists'];

function currentPage() {
  const h = location.hash.replace(/^#\/?/, '');
  const page = h.split('?')[0];
  const allowed = ['followup', 'invoices', 'search', 'disputes', 'lists'];
  if (state.me && (state.me.role === 'buyer' || state.me.role === 'admin')) allowed.push('reconcile');
  if (state.me && (state.me.role === 'seller' || state.me.role === 'admin')) allowed.push('months');
  return allowed.includes(page) ? page : 'followup';
}

function render() {
  const loggedIn = !!state.me;
  $('login-page').hidden = loggedIn;
  if (!loggedIn) {
    $('user').hidden = true;
    $('nav').hidden = true;
    for (const p of PAGES) $(p + '-page').hidden = true;
    document.body.dataset.page = 'login';
    $('token').focus();
    return;
  }
  const page = currentPage();
  for (const p of PAGES) $(p + '-page').hidden = p !== page;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === page);
  document.body.dataset.page = page;
  const first = state.page !== page;
  state.page = page;
  if (first) onEnter(page);
}

function onEnter(page) {
  if (page === 'followup' && !$('followup-results').hasChildNodes()) {
    const ready = state.me.role === 'buyer' ? $('followup-buyer').value : $('followup-seller').value;
    if (ready) loadFollowup();
  }
  if (page === 'invoices' && !$('invoices-results').hasChildNodes() && state.me.role !== 'admin') {
    loadInvoices();
  }
  if (page === 'disputes') loadDisputes();
  if (page === 'months') loadMonths();
  if (page === 'lists') loadLists();
  if (page === 'search') loadSearch();
}

// Fills the seller and buyer suggestions from the invoices the token may see.
async function loadParties() {
  if (state.partiesLoaded) return;
  state.partiesLoaded = true;
  try {
    const list = await apiJson('/api/invoices');
    fillParties(list);
  } catch (_) {
    state.partiesLoaded = false;  // only suggestions: no message
  }
}

async function loadSearch() {
  if ($('search-results').hasChildNodes()) return;
  const view = await import('/view-search.js');
  view.mountSearch($('search-results'), viewApi, state.me.role);
}

async function loadLists() {
  clearMessage();
  const view = await import('/view-lists.js');
  view.mountLists($('lists-results'), viewApi, state.me.role);
}

async function loadMonths() {
  clearMessage();
  const view = await import('/view-months.js');
  view.mountMonths($('months-results'), viewApi, state.me.role);
}

async function loadDisputes() {
  clearMessage();
  const view = await import('/view-disputes.js');
  view.mountDisputes($('disputes-results'), viewApi, state.me.role);
}

// ---------------------------------------------------------------- start

function init() {
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearMessage();
    const token = $('token').value.trim();
    if (!token) return;
    if (await login(token)) {
      $('token').value = '';
      applyRole();
      state.page = null;
      render();
      if (state.me.role === 'admin') loadParties();
    }
  });
  $('logout').addEventListener('click', logout);
  $('followup-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadFollowup(); });
  // The browser's print dialog: the print layout puts one table per page (style.css).
  $('followup-print').addEventListener('click', () => window.print());
  $('invoices-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadInvoices(); });
  $('reconcile-form').addEventListener('submit', (ev) => { ev.preventDefault(); runReconcile(); });
  window.addEventListener('hashchange', () => { if (state.me) { clearMessage(); render(); } });

  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    login(saved).then((ok) => {
      if (ok) {
        applyRole();
        if (state.me.role === 'admin') loadParties();
      }
      render();
    });
  } else {
    render();
  }
}

// For tests and the console: the number formats.
window.vardavtal = { formatTkr, formatInt, formatKronor, formatPercent, formatPoints, roundHalfAway };

init();
