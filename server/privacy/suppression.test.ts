import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combine, perturb, suppressCount, type RawCount } from './suppression.js';

// A few secrets: each one builds a perturbation table (thousands of HMACs), so random secrets would be slow.
const secret = fc.constantFrom(
  'unit-test-secret',
  'another-deployment-secret',
  'gapmap-development-cell-key-secret',
);
const threshold = fc.integer({ min: 2, max: 20 });
const raw = fc.record({
  count: fc.integer({ min: 0, max: 5000 }),
  keySum: fc.integer({ min: 0, max: 255 }),
});

describe('suppressCount', () => {
  it('follows the contract on fixed values (default threshold 8)', () => {
    const options = { threshold: 8, secret: 'unit-test-secret' };
    expect(suppressCount({ count: 0, keySum: 0 }, options)).toEqual({ value: 0, display: '0' });
    for (let count = 1; count < 8; count++) {
      expect(suppressCount({ count, keySum: 17 }, options)).toEqual({ value: null, display: '<8' });
    }
  });

  it('never reveals a value between 1 and threshold-1, and rounds everything else to 5', () => {
    fc.assert(
      fc.property(raw, threshold, secret, (r, t, s) => {
        const out = suppressCount(r, { threshold: t, secret: s });
        if (r.count === 0) {
          expect(out).toEqual({ value: 0, display: '0' });
          return;
        }
        if (out.value === null) {
          expect(out.display).toBe(`<${t}`);
        } else {
          expect(out.value).toBeGreaterThanOrEqual(t);
          expect(out.value % 5).toBe(0);
          expect(out.display).toBe(String(out.value));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('perturbs by at most 2 and never turns a positive count into 0', () => {
    fc.assert(
      fc.property(raw, secret, (r, s) => {
        const p = perturb(r, s);
        if (r.count === 0) expect(p).toBe(0);
        else {
          expect(p).toBeGreaterThanOrEqual(1);
          expect(Math.abs(p - r.count)).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same published value for the same records however they are sliced and ordered', () => {
    const recordKeys = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 300 });
    fc.assert(
      fc.property(
        recordKeys,
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 10 }),
        threshold,
        secret,
        (keys, cuts, t, s) => {
          const whole: RawCount = {
            count: keys.length,
            keySum: keys.reduce((a, k) => (a + k) % 256, 0),
          };
          // Slice the records into roll-up rows at arbitrary cut points, then in reverse order.
          const bounds = [
            0,
            ...cuts.map((c) => c % (keys.length + 1)).sort((a, b) => a - b),
            keys.length,
          ];
          const rows: RawCount[] = [];
          for (let i = 1; i < bounds.length; i++) {
            const part = keys.slice(bounds[i - 1], bounds[i]);
            rows.push({ count: part.length, keySum: part.reduce((a, k) => (a + k) % 256, 0) });
          }
          const options = { threshold: t, secret: s };
          expect(suppressCount(combine(rows), options)).toEqual(suppressCount(whole, options));
          expect(suppressCount(combine([...rows].reverse()), options)).toEqual(
            suppressCount(whole, options),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows 20 flags as "20" and 5 flags as "<8" whatever their keys (the contract examples)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), secret, (keySum, s) => {
        expect(suppressCount({ count: 5, keySum }, { threshold: 8, secret: s }).display).toBe('<8');
        expect(suppressCount({ count: 20, keySum }, { threshold: 8, secret: s }).display).toBe(
          '20',
        );
      }),
    );
  });

  it('shares one frozen object per published value, each true to its own threshold', () => {
    fc.assert(
      fc.property(raw, raw, threshold, threshold, secret, (a, b, t1, t2, s) => {
        const pa = suppressCount(a, { threshold: t1, secret: s });
        const pb = suppressCount(b, { threshold: t2, secret: s });
        expect(Object.isFrozen(pa)).toBe(true);
        // Shared objects never cross thresholds: "<t" shows its own threshold.
        if (pa.value === null) expect(pa.display).toBe(`<${t1}`);
        else expect(pa.display).toBe(String(pa.value));
        if (pa.value === pb.value && (pa.value !== null || t1 === t2)) expect(pa).toBe(pb);
        if (pa.value === null && pb.value === null && t1 !== t2) expect(pa).not.toEqual(pb);
      }),
      { numRuns: 500 },
    );
  });
});
