import { describe, expect, it } from 'vitest';
import { monthlyTrends, monthsBetween } from './trends.js';

const options = { threshold: 8, secret: 'test-secret-for-trends' };

describe('monthsBetween', () => {
  it('lists whole months across a year end', () => {
    expect(monthsBetween('2025-11-03', '2026-02-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('monthlyTrends', () => {
  const rows = [
    { tagSlug: 'benefits-advice', week: '2026-01-05', count: 12, keySum: 10 },
    { tagSlug: 'benefits-advice', week: '2026-01-12', count: 10, keySum: 250 },
    { tagSlug: 'debt-advice', week: '2026-01-05', count: 3, keySum: 7 },
    { tagSlug: 'mens-groups', week: '2026-02-02', count: 30, keySum: 99 },
  ];
  const parentOf = (tag: string) => (tag === 'mens-groups' ? 'loneliness-isolation' : 'money');

  it('groups tags under their parent, one point per month, largest series first', () => {
    const series = monthlyTrends(rows, ['2026-01', '2026-02'], parentOf, { ...options, raw: true });
    // 30 flags under loneliness-isolation outrank 25 under money.
    expect(series.map((s) => s.key)).toEqual(['loneliness-isolation', 'money']);
    const money = series.find((s) => s.key === 'money');
    expect(money?.points).toEqual([
      { month: '2026-01', count: { value: 25, display: '25' } },
      { month: '2026-02', count: { value: 0, display: '0' } },
    ]);
  });

  it('publishes only suppressed counts unless raw is asked for', () => {
    const series = monthlyTrends(rows, ['2026-01', '2026-02'], (t) => t, {
      ...options,
      raw: false,
    });
    for (const s of series) {
      for (const p of s.points) {
        if (p.count.value !== null) {
          expect(p.count.value % 5).toBe(0);
          expect(p.count.value === 0 || p.count.value >= 8).toBe(true);
        } else {
          expect(p.count.display).toBe('<8');
        }
      }
    }
    expect(series.find((s) => s.key === 'debt-advice')?.points[0]?.count).toEqual({
      value: null,
      display: '<8',
    });
  });
});
