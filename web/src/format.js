// Number formatting for figures with ranges. figureText() mirrors the CLI's one formatter
// (FormatFigure in src/util/figure.cc and src/util/si_format.cc) rule for rule, so the dashboard
// prints "3.31 TWh (2.32-4.26)", "1.22 Mt CO2e", "USD 10.5 bn" exactly as `gpufleet report` does;
// tests/web/format_check.mjs compares the two on real output.
const compact = new Intl.NumberFormat('en', { maximumSignificantDigits: 3, notation: 'compact' });
const plain = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

// 3 significant digits; compact (k, M, B, T) above a million, scientific beyond 1e15.
export function num(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '∞';
  const a = Math.abs(x);
  if (a >= 1e15 || (a > 0 && a < 1e-3)) return x.toExponential(2);
  return a >= 1e6 ? compact.format(x) : plain.format(x);
}

// "low – high", or "" for a point.
export function range(v) {
  if (v.low === v.value && v.high === v.value) return '';
  return `${num(v.low)} – ${num(v.high)}`;
}

export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

// Replaces a table body's rows; `rows` is a list of lists of cell texts (or nodes).
export function fillTable(table, rows) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows.map((cells) => {
    const tr = el('tr');
    for (const c of cells) {
      const td = el('td');
      if (c instanceof Node) td.append(c); else td.textContent = c;
      tr.append(td);
    }
    return tr;
  }));
}

// x with `d` decimals as fmt prints it: exact ties round half to even (fmt: 402.5 -> "402"),
// where JavaScript's toFixed rounds them up ("403"). A tie is exact only when the double's own
// decimal expansion (toFixed(100) is exact for these magnitudes) ends in 5 right after the d-th
// decimal: 14.65 is 14.65000000000000035..., which fmt and toFixed both round up to "14.7".
function toFixedEven(x, d) {
  const k = 10 ** d;
  const y = x * k;
  const expansion = Math.abs(x) < 1e21 ? Math.abs(x).toFixed(100) : '';
  const tail = expansion.slice(expansion.indexOf('.') + 1 + d);
  if (/^50*$/.test(tail) && Number.isInteger(2 * y) && !Number.isInteger(y) &&
      Math.abs(y) < 2 ** 52) {
    const n = Math.floor(y);
    return ((n % 2 === 0 ? n : n + 1) / k).toFixed(d);
  }
  return x.toFixed(d);
}

// C's "%.{d}g": d significant digits, exponent form when very large or small, no trailing zeros.
function gFormat(x, d) {
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= d) {
    let [mant, e] = x.toExponential(d - 1).split('e');
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  let s = toFixedEven(x, Math.max(0, d - 1 - exp));
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

// FormatNumber: `digits` significant digits, no exponent between 1e-4 and 1e15.
export function plainNumber(x, digits = 3) {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const mag = Math.abs(x);
  if (mag >= 1e15 || mag < 1e-4) return gFormat(x, digits);
  const intDigits = Math.floor(Math.log10(mag)) + 1;
  let s = toFixedEven(x, Math.max(0, digits - intDigits));
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

const SI = [[1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, '']];
const MONEY = [[1e12, 'tn'], [1e9, 'bn'], [1e6, 'M'], [1e3, 'k'], [1, '']];
const finite = (v) => (v === null || v === undefined ? Infinity : v);

function pick(scales, f) {
  const mag = Math.abs(f.value !== 0 ? f.value : finite(f.high));
  return scales.find(([factor]) => mag >= factor * 0.9995) ?? scales[scales.length - 1];
}

const isPoint = (f) => f.low === f.value && f.value === f.high;
const scaled = (f, k) => ({ value: f.value * k, low: finite(f.low) * k, high: finite(f.high) * k });
// Divided as the CLI divides (x / 1000, not x * 1e-3: the two round 2175 kg to 2.17 and 2.18 t).
const divided = (f, d) => ({ value: f.value / d, low: finite(f.low) / d, high: finite(f.high) / d });

function rangeSuffix(f, factor, digits) {
  if (isPoint(f)) return '';
  const lo = finite(f.low);
  return ` (${plainNumber(lo / factor, digits)}${lo < 0 ? ' to ' : '-'}${plainNumber(finite(f.high) / factor, digits)})`;
}

function sci(v, digits) {
  if (v === 0) return '0';
  let [mant, e] = v.toExponential(digits - 1).split('e');
  if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
  return `${mant}e${e.replace('+', '')}`;
}

export function formatSi(f, unit, digits = 3) {
  if (Math.abs(f.value) >= 1e21) {
    let out = sci(f.value, digits) + (unit ? ` ${unit}` : '');
    if (!isPoint(f)) out += ` (${sci(finite(f.low), digits)}-${sci(finite(f.high), digits)})`;
    return out;
  }
  const [factor, prefix] = pick(SI, f);
  const sep = !unit && !prefix ? '' : ' ';
  return `${plainNumber(f.value / factor, digits)}${sep}${prefix}${unit}${rangeSuffix(f, factor, digits)}`;
}

function formatMoney(f, code, digits = 3) {
  const [factor, prefix] = pick(MONEY, f);
  return `${code} ${plainNumber(f.value / factor, digits)}${prefix ? ' ' : ''}${prefix}${rangeSuffix(f, factor, digits)}`;
}

// Half away from zero, as the CLI's llround (Math.round takes -1234.5 to -1234).
function grouped(v) {
  const n = Math.sign(v) * Math.round(Math.abs(v));
  return (n < 0 ? '-' : '') + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatCount(f, unit = '') {
  if (Math.abs(finite(f.high)) >= 1e7) return formatSi(f, unit);
  let out = grouped(f.value) + (unit ? ` ${unit}` : '');
  if (!isPoint(f)) out += ` (${grouped(finite(f.low))}-${grouped(finite(f.high))})`;
  return out;
}

// FormatSeconds (si_format.cc): s, min, h, d (ms below a second), never a prefix.
function formatSeconds(f) {
  const mag = magnitude(f);
  if (mag >= 2 * 86400) return plainUnit(divided(f, 86400), 'd');
  if (mag >= 3600) return plainUnit(divided(f, 3600), 'h');
  if (mag >= 60) return plainUnit(divided(f, 60), 'min');
  if (mag !== 0 && mag < 1) return plainUnit(scaled(f, 1000), 'ms');
  return plainUnit(f, 's');
}

const magnitude = (f) => Math.abs(f.value !== 0 ? f.value : finite(f.high));
const isWhole = (v) => Number.isFinite(v) && v === Math.floor(v);
const SI_UNITS = { Wh: [1, 'Wh'], kWh: [1e3, 'Wh'], MWh: [1e6, 'Wh'], GWh: [1e9, 'Wh'],
  TWh: [1e12, 'Wh'], J: [1, 'J'], W: [1, 'W'], kW: [1e3, 'W'], MW: [1e6, 'W'], L: [1, 'L'],
  m: [1, 'm'], km: [1e3, 'm'], FLOP: [1, 'FLOP'], 'FLOP/s': [1, 'FLOP/s'], B: [1, 'B'],
  'B/s': [1, 'B/s'], Hz: [1, 'Hz'] };

function percent(f, digits) {
  return plainNumber(f.value * 100, digits) + '%' + rangeSuffix(f, 0.01, digits);
}

// Mass in kg: "950 kg CO2e" below a tonne, then "1.4 Mt CO2e", and below a kilogram in grams
// ("0.276 g CO2e"); `rest` is " CO2e" or "".
function massKg(f, rest) {
  const m = magnitude(f);
  if (m >= 999.5) return formatSi(divided(f, 1000), `t${rest}`);
  if (m > 0 && m < 0.9995) return formatSi(scaled(f, 1000), `g${rest}`);
  return formatSi(f, `kg${rest}`);
}

function plainGrouped(v) {
  const a = Math.abs(v);
  return Number.isFinite(v) && a >= 999.5 && a < 1e15 ? grouped(v) : plainNumber(v);
}

// FormatPlainUnit: "8,760 h", "0.414 kg/kWh (0.3-0.5)".
function plainUnit(f, unit) {
  let out = plainGrouped(f.value) + ' ' + unit;
  if (!isPoint(f)) {
    const lo = finite(f.low);
    out += ` (${plainGrouped(lo)}${lo < 0 ? ' to ' : '-'}${plainGrouped(finite(f.high))})`;
  }
  return out;
}

// A figure as {value, low, high, unit} or {value: null, why} -> "3.31 TWh (2.32-4.26)" or
// "n/a": FormatQuantity's rules (src/util/si_format.cc), one for one.
export function figureText(f) {
  if (f.value === null || f.value === undefined) return 'n/a';
  if (!Number.isFinite(f.value)) return plainNumber(f.value);
  const u = f.unit ?? '';
  // Below a litre in millilitres, as a mass below a kilogram is in grams.
  if (u === 'L' && magnitude(f) > 0 && magnitude(f) < 0.9995)
    return formatSi(scaled(f, 1000), 'mL');
  if (SI_UNITS[u]) return formatSi(scaled(f, SI_UNITS[u][0]), SI_UNITS[u][1]);
  if (u === 'mm') return magnitude(f) >= 999.5 ? formatSi(divided(f, 1000), 'm') : formatSi(f, 'mm');
  if (u === 'kg CO2e' || u === 'kg') return massKg(f, u.slice(2));
  if (u === 't CO2e' || u === 't') return massKg(scaled(f, 1e3), u.slice(1));
  if (u === 'g CO2e' || u === 'g') {
    return magnitude(f) >= 999.5 ? massKg(divided(f, 1000), u.slice(1)) : formatSi(f, u);
  }
  if (u === 's') return formatSeconds(f);
  if (/^[A-Z]{3}$/.test(u)) return formatMoney(f, u);
  if (u === '') {
    return isWhole(f.value) && isWhole(f.low) && isWhole(f.high) ? formatCount(f) : formatSi(f, '');
  }
  if (u === '%') return percent(divided(f, 100), 3);
  if (u === 'fraction') return percent(f, 3);
  return plainUnit(f, u);
}
