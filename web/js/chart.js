// A small SVG line chart of on hand over time (no library: CSP-clean and a few hundred bytes).
import { fmtNumber, fmtDate, t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

// points: [{date, on_hand}] oldest first. Drawn as steps: stock holds until the next movement.
export function onHandChart(points, titleKey) {
  const W = 600, H = 220, L = 48, R = 12, T = 12, B = 28;
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img' });
  const title = svg('title', {}, t(titleKey));
  root.append(title);
  if (points.length === 0) return root;
  const times = points.map((p) => new Date(p.date).getTime());
  const t0 = Math.min(...times), t1 = Math.max(...times);
  // Headroom above the highest point so the line never runs along the frame.
  const max = Math.ceil(Math.max(1, ...points.map((p) => Number(p.on_hand))) * 1.1);
  const x = (ms) => L + (t1 === t0 ? (W - L - R) / 2 : ((ms - t0) / (t1 - t0)) * (W - L - R));
  const y = (v) => T + (1 - v / max) * (H - T - B);
  let d = '';
  points.forEach((p, i) => {
    const px = x(times[i]).toFixed(1), py = y(Number(p.on_hand)).toFixed(1);
    d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  });
  root.append(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }),
              svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }),
              svg('path', { class: 'line', d }),
              svg('text', { x: L - 6, y: T + 4, 'text-anchor': 'end' }, fmtNumber(max)),
              svg('text', { x: L - 6, y: H - B, 'text-anchor': 'end' }, fmtNumber(0)),
              svg('text', { x: L, y: H - 8 }, fmtDate(points[0].date)),
              svg('text', { x: W - R, y: H - 8, 'text-anchor': 'end' }, fmtDate(points[points.length - 1].date)));
  return root;
}
