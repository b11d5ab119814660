// Binary masks to outline polygons for the ground truth: morphology, connected components, boundary tracing, simplification.

export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Square max (dilate) or min (erode) filter of radius r, separable. */
function morph(m: Mask, r: number, dilate: boolean): Mask {
  const { width: w, height: h } = m;
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  const want = dilate ? 1 : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = dilate ? 0 : 1;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) if (m.data[y * w + k] === want) { v = want; break; }
      tmp[y * w + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = dilate ? 0 : 1;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) if (tmp[k * w + x] === want) { v = want; break; }
      out[y * w + x] = v;
    }
  }
  return { width: w, height: h, data: out };
}

export const dilate = (m: Mask, r: number) => (r > 0 ? morph(m, r, true) : m);
export const erode = (m: Mask, r: number) => (r > 0 ? morph(m, r, false) : m);
/** The pixels whose centres lie within r pixels (Euclidean) of the mask. */
export function within(m: Mask, r: number): Mask {
  const out = new Uint8Array(m.width * m.height);
  const reach = Math.floor(r);
  for (let i = 0; i < m.data.length; i++) {
    if (!m.data[i]) continue;
    const x = i % m.width;
    const y = (i - x) / m.width;
    for (let dy = -reach; dy <= reach; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= m.height) continue;
      const span = Math.floor(Math.sqrt(r * r - dy * dy));
      for (let xx = Math.max(0, x - span); xx <= Math.min(m.width - 1, x + span); xx++) out[yy * m.width + xx] = 1;
    }
  }
  return { width: m.width, height: m.height, data: out };
}

/** Closing: fills gaps narrower than about 2r between parts of the mask. */
export const close = (m: Mask, r: number) => erode(dilate(m, r), r);

/** Connected components (8-connected) as lists of pixel indices, largest first. */
export function components(m: Mask): number[][] {
  const { width: w, height: h } = m;
  const seen = new Uint8Array(w * h);
  const out: number[][] = [];
  for (let i = 0; i < w * h; i++) {
    if (!m.data[i] || seen[i]) continue;
    const comp: number[] = [];
    const stack = [i];
    seen[i] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      comp.push(p);
      const x = p % w;
      const y = (p - x) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (m.data[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    out.push(comp);
  }
  return out.sort((a, b) => b.length - a.length);
}

const DIRS: [number, number][] = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

/** Outer boundary of one component (Moore-neighbour tracing), as pixel-centre points. */
function trace(m: Mask, comp: number[]): [number, number][] {
  const w = m.width;
  const inComp = new Set(comp);
  const start = Math.min(...comp);
  const sx = start % w;
  const sy = (start - sx) / w;
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < m.height && inComp.has(y * w + x);
  const pts: [number, number][] = [[sx, sy]];
  let x = sx;
  let y = sy;
  let dir = 7; // we came from the west/north-west of the top-left-most pixel
  for (let steps = 0; steps < comp.length * 4 + 8; steps++) {
    let found = false;
    for (let k = 0; k < 8; k++) {
      const d = (dir + 6 + k) % 8;
      const nx = x + DIRS[d]![0];
      const ny = y + DIRS[d]![1];
      if (at(nx, ny)) {
        x = nx;
        y = ny;
        dir = d;
        found = true;
        break;
      }
    }
    if (!found || (x === sx && y === sy)) break;
    pts.push([x, y]);
  }
  return pts;
}

/** Douglas-Peucker simplification of a closed polygon. */
function simplify(pts: [number, number][], tol: number): [number, number][] {
  if (pts.length < 8) return pts;
  const keep = new Uint8Array(pts.length);
  const rec = (a: number, b: number) => {
    const [ax, ay] = pts[a]!;
    const [bx, by] = pts[b]!;
    const len = Math.hypot(bx - ax, by - ay) || 1;
    let best = -1;
    let bi = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i]!;
      const d = Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len;
      if (d > best) {
        best = d;
        bi = i;
      }
    }
    if (best > tol && bi > 0) {
      keep[bi] = 1;
      rec(a, bi);
      rec(bi, b);
    }
  };
  const mid = Math.floor(pts.length / 2);
  keep[0] = 1;
  keep[mid] = 1;
  rec(0, mid);
  rec(mid, pts.length - 1);
  keep[pts.length - 1] = 1;
  return pts.filter((_, i) => keep[i]);
}

/**
 * Outline polygons of the mask's components with at least minArea pixels, in the coordinates of an image
 * `scale` times larger (pixel centres at integers), rounded to 0.1 px.
 */
export function outlines(m: Mask, minArea: number, scale = 1, maxComponents = 6): [number, number][][] {
  return components(m)
    .filter((c) => c.length >= minArea)
    .slice(0, maxComponents)
    .map((c) => simplify(trace(m, c), 0.7).map(([x, y]) => [round1(x * scale + (scale - 1) / 2), round1(y * scale + (scale - 1) / 2)] as [number, number]))
    .filter((p) => p.length >= 3);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function maskFrom(width: number, height: number, pred: (i: number) => boolean): Mask {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = pred(i) ? 1 : 0;
  return { width, height, data };
}
