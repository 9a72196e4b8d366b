// Number formatting for figures with ranges.
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
