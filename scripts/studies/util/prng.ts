// Seeded pseudo-random numbers: every random choice in the generator comes from here so output is reproducible.

/** A small, fast 32-bit generator (sfc32) seeded from a string. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareGauss: number | null = null;

  constructor(seed: string) {
    // FNV-1a style mixing of the seed string into four state words.
    let h = 2166136261 >>> 0;
    const words: number[] = [];
    for (let k = 0; k < 4; k++) {
      for (let i = 0; i < seed.length; i++) {
        h ^= seed.charCodeAt(i) + k * 131;
        h = Math.imul(h, 16777619) >>> 0;
      }
      h ^= h >>> 13;
      h = Math.imul(h, 0x5bd1e995) >>> 0;
      words.push(h);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal deviate (Box-Muller, caching the second value). */
  gauss(): number {
    if (this.spareGauss !== null) {
      const s = this.spareGauss;
      this.spareGauss = null;
      return s;
    }
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareGauss = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Poisson deviate; Gaussian approximation above a mean of 30. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gauss()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
