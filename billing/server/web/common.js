// What the web page's scripts share (docs/server.md): the Swedish number
// formats (digits grouped by a non-breaking space, U+00A0, a decimal comma,
// money in tkr: öre / 100 000 rounded half away from zero, whole per cent,
// exactly as the CLI's table format rounds them), the DOM helpers, the
// messages, the API with the session's token, downloads, and the helpers
// given to the views written with Preact. An ES module: app.js and the
// view-*.js modules import it.

export const NBSP = '\u00a0';

// Region codes (the national two-digit county codes) and their names.
export const REGION_NAMES = {
  '01': 'Stockholm', '03': 'Uppsala', '04': 'Sörmland', '05': 'Östergötland',
  '06': 'Jönköping', '07': 'Kronoberg', '08': 'Kalmar', '09': 'Gotland',
  '10': 'Blekinge', '12': 'Skåne', '13': 'Halland', '14': 'Västra Götaland',
  '17': 'Värmland', '18': 'Örebro län', '19': 'Västmanland', '20': 'Dalarna',
  '21': 'Gävleborg', '22': 'Västernorrland', '23': 'Jämtland Härjedalen',
  '24': 'Västerbotten', '25': 'Norrbotten',
};

export const state = { token: null, me: null, page: null, partiesLoaded: false };

// ---------------------------------------------------------------- numbers

// Groups the digits of a non-negative integer string by three with NBSP.
function groupDigits(digits) {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += NBSP;
    out += digits[i];
  }
  return out;
}

function toBig(n) {
  return typeof n === 'bigint' ? n : BigInt(Math.trunc(Number(n)));
}

// num / den rounded to an integer, halves away from zero (as core's round_half_away).
export function roundHalfAway(num, den) {
  let n = toBig(num);
  let d = toBig(den);
  if (d < 0n) { n = -n; d = -d; }
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  if ((a % d) * 2n >= d) q += 1n;
  return neg ? -q : q;
}

export function formatInt(n) {
  const b = toBig(n);
  return (b < 0n ? '-' : '') + groupDigits((b < 0n ? -b : b).toString());
}

// öre → tkr, rounded half away from zero: 48254901937 → "482 549".
export function formatTkr(ore) {
  return formatInt(roundHalfAway(ore, 100000n));
}

// A decimal string ("22542958.57", "-0.5", "852.6") → scaled integer of `places` decimals.
export function parseDecimal(text, places) {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(String(text).trim());
  if (!m) return null;
  const frac = (m[3] || '').padEnd(places, '0');
  const kept = frac.slice(0, places);
  let v = BigInt((m[2] || '0') + kept);
  const rest = frac.slice(places);
  if (rest.length && rest[0] >= '5') v += 1n;  // half away from zero on the magnitude
  return m[1] === '-' ? -v : v;
}

// A kronor decimal string → "22 542 958,57".
export function formatKronor(text) {
  const v = parseDecimal(text, 2);
  return v === null ? String(text) : formatOre(v);
}

// Integer öre (BigInt) → "22 542 958,57".
export function formatOre(v) {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const s = a.toString().padStart(3, '0');
  return (neg ? '-' : '') + groupDigits(s.slice(0, -2)) + ',' + s.slice(-2);
}

export function formatPercent(num, den) {
  return formatInt(roundHalfAway(100n * toBig(num), den)) + NBSP + '%';
}

// A per cent string with two decimals ("6.50") → "7 %" (used only when the
// exact fraction cannot be recomputed from the row).
export function formatPercentText(text) {
  const v = parseDecimal(text, 2);
  if (v === null) return String(text);
  return formatInt(roundHalfAway(v, 100n)) + NBSP + '%';
}

// DRG points as a decimal string → whole points ("852.6" → "853").
// Points (exact, 4 decimals as text) with `decimals` decimals (0: whole).
export function formatPoints(text, decimals = 0) {
  const v = parseDecimal(text, 4);
  if (v === null) return String(text);
  if (!decimals) return formatInt(roundHalfAway(v, 10000n));
  const scale = 10n ** BigInt(decimals);
  const r = roundHalfAway(v, 10000n / scale);
  const a = r < 0n ? -r : r;
  const frac = (a % scale).toString().padStart(decimals, '0');
  return (r < 0n ? '-' : '') + groupDigits((a / scale).toString()) + ',' + frac;
}

// öre → whole kronor, rounded half away from zero (tables in kronor).
export function formatKr(ore) {
  return formatInt(roundHalfAway(ore, 100n));
}

// ---------------------------------------------------------------- DOM helpers

export function $(id) { return document.getElementById(id); }

export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.setAttribute('class', v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
}

// ---------------------------------------------------------------- messages

export function showError(text) {
  const m = $('message');
  m.textContent = text;
  m.className = 'message error';
  m.hidden = false;
}


export function clearMessage() {
  const m = $('message');
  m.textContent = '';
  m.hidden = true;
}

// ---------------------------------------------------------------- API

// message: what people read (the server's error_sv); english: its error,
// for the page's own tests of what went wrong.
class ApiError extends Error {
  constructor(status, message, english = message) {
    super(message);
    this.status = status;
    this.english = english;
  }
}

async function apiFetch(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  let response;
  try {
    response = await fetch(path, Object.assign({}, options, { headers }));
  } catch (e) {
    throw new ApiError(0, 'servern svarar inte (' + e.message + ')');
  }
  if (!response.ok) {
    let message = response.statusText || 'fel';
    let english = message;
    try {
      const text = await response.text();
      try {
        const body = JSON.parse(text);
        // People read Swedish: the server's error_sv where it has one.
        if (body && typeof body.error === 'string') english = message = body.error;
        else if (text) english = message = text;
        if (body && typeof body.error_sv === 'string') message = body.error_sv;
      } catch (_) {
        if (text) english = message = text;
      }
    } catch (_) { /* keep the status text */ }
    throw new ApiError(response.status, message, english);
  }
  return response;
}

export async function apiJson(path, options) {
  const response = await apiFetch(path, options);
  return response.json();
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

export function errorText(e) {
  if (e instanceof ApiError) return (e.status ? 'Fel ' + e.status + ': ' : 'Fel: ') + e.message;
  return 'Fel: ' + (e && e.message ? e.message : String(e));
}

export function fillParties(list) {
  const sellers = [...new Set(list.map((i) => i.seller))].sort();
  const buyers = [...new Set(list.map((i) => i.buyer))].sort();
  $('sellers').replaceChildren(...sellers.map((s) => el('option', { value: s })));
  $('buyers').replaceChildren(...buyers.map((b) => el('option', { value: b }, REGION_NAMES[b] || b)));
}

// The views written as modules (view-*.js, Preact with htm from /vendor/):
// loaded when first shown, given the page's API helpers.
export const viewApi = {
  json: apiJson,
  errorText,
  showError,
  download: (path, fallback) => downloadPath(path, fallback),
};

function filenameFrom(response, fallback) {
  const cd = response.headers.get('Content-Disposition') || '';
  let m = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
  if (m) {
    try { return decodeURIComponent(m[1]); } catch (_) { /* fall through */ }
  }
  m = /filename\s*=\s*"([^"]+)"/i.exec(cd) || /filename\s*=\s*([^;]+)/i.exec(cd);
  return m ? m[1].trim() : fallback;
}

// Downloads need the Authorization header, so: fetch, Blob, object URL, a.download.
export async function downloadPath(path, fallback) {
  const response = await apiFetch(path);
  const blob = await response.blob();
  const name = filenameFrom(response, fallback);
  const url = URL.createObjectURL(blob);
  const a = el('a', {href: url, download: name, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
