import fc from 'fast-check';
import { gridDisk, gridDiskDistances, gridDistance, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  barrierFit,
  ringsForRadius,
  twoStepAccess,
  type AnswerableBarrier,
  type DemandCell,
  type SupplyLocation,
} from './engine.js';

// A hand-worked grid around a Bethnal Green cell: c0, its ring 1 and ring 2.
const c0 = latLngToCell(51.527, -0.055, 8);
const [, ring1 = [], ring2 = []] = gridDiskDistances(c0, 2);
const n1 = ring1[0]!;
/** The ring-1 cell opposite n1 (grid distance 2 from it). */
const n4 = ring1.find((c) => gridDistance(c, n1) === 2)!;
/** A cell one step from n1 and two from c0. */
const m = gridDisk(n1, 1).find((c) => gridDistance(c, c0) === 2)!;
const none = new Set<AnswerableBarrier>();
const demandAt = (
  cell: string,
  flags: number,
  barriers: Record<string, number> = {},
): DemandCell => ({ cell, flags, barriers });
const serviceAt = (
  serviceId: string,
  cell: string,
  capacity: number,
  answers = none,
): SupplyLocation => ({ serviceId, cell, capacity, answers });
const byCell = <T extends { cell: string }>(cells: T[]) => new Map(cells.map((c) => [c.cell, c]));

describe('E2SFCA on hand-worked grids (rings = 1: W(0) = 1, W(1) = 0.68)', () => {
  it('one service: its catchment shares it, the cell beyond gets nothing', () => {
    // c0 10 flags, n1 5 flags, a ring-2 cell 7 flags; one service at c0 with 12 places.
    // Each cell reaches only this service, so Wi = 1 for c0 and n1 (distance decay only matters
    // between competing services once weights are normalised). D_j = 10 + 5 = 15, R_j = 12/15 = 0.8.
    // A(c0) = A(n1) = 0.8; A(ring 2) = 0. Allocated: 8 + 4 = 12 = S_j. Unmet: 2, 1, 7.
    const { cells, services } = twoStepAccess(
      [demandAt(c0, 10), demandAt(n1, 5), demandAt(ring2[0]!, 7)],
      [serviceAt('s', c0, 12)],
    );
    const at = byCell(cells);
    expect(services[0]!.demand).toBeCloseTo(15);
    expect(services[0]!.ratio).toBeCloseTo(0.8);
    expect(at.get(c0)!.access).toBeCloseTo(0.8);
    expect(at.get(n1)!.access).toBeCloseTo(0.8);
    expect(at.get(ring2[0]!)!.access).toBe(0);
    expect(at.get(c0)!.unmet).toBeCloseTo(2);
    expect(at.get(n1)!.unmet).toBeCloseTo(1);
    expect(at.get(ring2[0]!)!.unmet).toBeCloseTo(7);
    expect(at.get(c0)!.allocated + at.get(n1)!.allocated).toBeCloseTo(12);
  });

  it('two competing services: a cell between them splits its flags by decay', () => {
    // j1 at c0 (10 places), j2 at n1 (10 places). c0 has 20 flags, m (next to n1, 2 from c0) 10.
    // c0 reaches j1 (W 1) and j2 (W 0.68): Wi = 1/1.68 = 0.5952, 0.68/1.68 = 0.4048. m reaches j2 only.
    // D_1 = 0.5952·20 = 11.905; D_2 = 0.4048·20 + 10 = 18.095.
    // A(c0) = 0.5952·10/11.905 + 0.4048·10/18.095 = 0.5 + 0.2237 = 0.7237; A(m) = 10/18.095 = 0.5526.
    // Allocated: 20·0.7237 + 10·0.5526 = 14.474 + 5.526 = 20 = S_1 + S_2.
    const { cells, services } = twoStepAccess(
      [demandAt(c0, 20), demandAt(m, 10)],
      [serviceAt('j1', c0, 10), serviceAt('j2', n1, 10)],
    );
    const at = byCell(cells);
    expect(services[0]!.demand).toBeCloseTo(11.905, 3);
    expect(services[1]!.demand).toBeCloseTo(18.095, 3);
    expect(at.get(c0)!.access).toBeCloseTo(0.7237, 4);
    expect(at.get(m)!.access).toBeCloseTo(0.5526, 4);
    expect(at.get(c0)!.allocated + at.get(m)!.allocated).toBeCloseTo(20);
  });

  it('a service shared by two demand clusters divides its places in proportion to their flags', () => {
    // One service at c0 with 9 places; cluster A at n1 (6 flags), cluster B at n4 (12 flags), each
    // reaching only this service. D_j = 18, R_j = 0.5; A = 0.5 for both: A gets 3 places, B gets 6.
    const shared = twoStepAccess([demandAt(n1, 6), demandAt(n4, 12)], [serviceAt('s', c0, 9)]);
    const at = byCell(shared.cells);
    expect(at.get(n1)!.allocated).toBeCloseTo(3);
    expect(at.get(n4)!.allocated).toBeCloseTo(6);
    // Now every flag in B records cost and the service is paid: fit(B) = 1 − 12/12 = 0, fit(A) = 1.
    // fit_j = (6·1 + 12·0)/18 = 1/3, S_j = 9·1/3 = 3. A(A) = 1·1·9/18 = 0.5 → 3 places; A(B) = 0.
    // Total allocated 3 = S_j: B's flags still compete for the places they cannot use.
    const paid = twoStepAccess(
      [demandAt(n1, 6), demandAt(n4, 12, { cost: 12 })],
      [serviceAt('s', c0, 9)],
    );
    const after = byCell(paid.cells);
    expect(paid.services[0]!.supply).toBeCloseTo(3);
    expect(after.get(n1)!.allocated).toBeCloseTo(3);
    expect(after.get(n4)!.access).toBe(0);
    expect(after.get(n4)!.unmet).toBeCloseTo(12);
  });
});

describe('barrier fit', () => {
  it('counts unanswered mentions of answerable barriers against the service', () => {
    // 10 flags: 6 cost, 3 timing, 4 transport (not answerable). A paid evening group answers timing:
    // 1 − 6 / max(10, 6 + 3) = 0.4.
    expect(
      barrierFit(
        { flags: 10, barriers: { cost: 6, timing: 3, transport: 4 } },
        new Set(['timing']),
      ),
    ).toBeCloseTo(0.4);
    expect(barrierFit({ flags: 10, barriers: { cost: 6 } }, new Set(['cost']))).toBe(1);
    expect(barrierFit({ flags: 4, barriers: { cost: 4, timing: 4 } }, none)).toBe(0);
  });

  it('turns kilometres into rings of the res-8 grid', () => {
    expect(ringsForRadius(1)).toBe(1);
    expect(ringsForRadius(1.5)).toBe(2);
    expect(ringsForRadius(0.2)).toBe(1);
  });
});

// Random worlds on the 37 cells within 3 rings of c0.
const grid = gridDisk(c0, 3);
const barrierArb = fc.record(
  { cost: fc.nat(6), timing: fc.nat(6), access: fc.nat(3) },
  { requiredKeys: [] },
);
const demandArb = fc
  .uniqueArray(
    fc.record({
      cell: fc.constantFrom(...grid),
      flags: fc.integer({ min: 1, max: 40 }),
      barriers: barrierArb,
    }),
    { selector: (d) => d.cell, minLength: 1, maxLength: 15 },
  )
  .map((cells) =>
    cells.map((d) => ({
      ...d,
      barriers: Object.fromEntries(
        Object.entries(d.barriers).map(([k, v]) => [k, Math.min(v as number, d.flags)]),
      ),
    })),
  );
const answersArb = fc
  .subarray(['cost', 'timing', 'access', 'language'] as AnswerableBarrier[])
  .map((a) => new Set(a));
const supplyArb = fc.array(
  fc.record({
    serviceId: fc.uuid(),
    cell: fc.constantFrom(...grid),
    capacity: fc.integer({ min: 1, max: 30 }),
    answers: answersArb,
  }),
  { minLength: 1, maxLength: 6 },
);
const ringsArb = fc.integer({ min: 1, max: 3 });

describe('E2SFCA properties', () => {
  it('allocates every place of supply exactly once: Σ_i D_i·A_i = Σ_j S_j (over services any flag reaches)', () => {
    fc.assert(
      fc.property(demandArb, supplyArb, ringsArb, (demand, supply, rings) => {
        const { cells, services, supplyAfterFit } = twoStepAccess(demand, supply, { rings });
        // The rankings' per-location supply is the services' own S_j, location by location.
        expect([...supplyAfterFit]).toEqual(services.map((s) => s.supply));
        const allocated = cells.reduce((s, c) => s + c.allocated, 0);
        const supplied = services.filter((s) => s.demand > 0).reduce((s, j) => s + j.supply, 0);
        expect(allocated).toBeCloseTo(supplied, 6);
        // And no flag is counted twice: Σ_j D_j = flags of the cells that reach any service.
        const reached = cells
          .filter((c) => supply.some((s) => gridDistance(s.cell, c.cell) <= rings))
          .reduce((s, c) => s + c.flags, 0);
        expect(services.reduce((s, j) => s + j.demand, 0)).toBeCloseTo(reached, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('more demand never raises access: scaling one cell’s flags (same barrier mix) lowers or keeps every cell’s A', () => {
    fc.assert(
      fc.property(
        demandArb,
        supplyArb,
        ringsArb,
        fc.nat(14),
        fc.integer({ min: 2, max: 5 }),
        (demand, supply, rings, pick, factor) => {
          const before = byCell(twoStepAccess(demand, supply, { rings }).cells);
          const k = pick % demand.length;
          const more = demand.map((d, i) =>
            i === k
              ? {
                  ...d,
                  flags: d.flags * factor,
                  barriers: Object.fromEntries(
                    Object.entries(d.barriers).map(([b, n]) => [b, (n ?? 0) * factor]),
                  ),
                }
              : d,
          );
          for (const c of twoStepAccess(more, supply, { rings }).cells) {
            expect(c.access).toBeLessThanOrEqual(before.get(c.cell)!.access + 1e-9);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never reports unmet flags above the flags or below zero', () => {
    fc.assert(
      fc.property(demandArb, supplyArb, ringsArb, (demand, supply, rings) => {
        for (const c of twoStepAccess(demand, supply, { rings }).cells) {
          expect(c.unmet).toBeGreaterThanOrEqual(0);
          expect(c.unmet).toBeLessThanOrEqual(c.flags + 1e-9);
        }
      }),
    );
  });
});

/** The formulas of engine.ts's header, computed the plain way (no shared arrays, no masks, no index). */
function referenceAccess(demand: DemandCell[], supply: SupplyLocation[], rings: number) {
  const weights = [1, 0.68, 0.22, 0.05];
  const reach = demand.map((d) => {
    const pairs = supply
      .map((s, j) => ({ j, distance: gridDistance(d.cell, s.cell) }))
      .filter((p) => p.distance <= rings)
      .map((p) => ({ ...p, w: weights[p.distance]!, fit: barrierFit(d, supply[p.j]!.answers) }));
    const total = pairs.reduce((n, p) => n + p.w, 0);
    return pairs.map((p) => ({ ...p, wi: p.w / total }));
  });
  const allocated = supply.map((_, j) =>
    demand.reduce((n, d, i) => n + (reach[i]!.find((p) => p.j === j)?.wi ?? 0) * d.flags, 0),
  );
  return demand.map((d, i) => ({
    cell: d.cell,
    access: reach[i]!.reduce(
      (n, p) => n + (p.wi * p.fit * supply[p.j]!.capacity) / allocated[p.j]!,
      0,
    ),
  }));
}

describe('E2SFCA against the plain formulas', () => {
  it('gives every cell the access the formulas give, with the supply list frozen (indexed once) or not', () => {
    fc.assert(
      fc.property(
        demandArb,
        demandArb,
        supplyArb,
        ringsArb,
        (demand, otherDemand, supply, rings) => {
          const expected = referenceAccess(demand, supply, rings);
          const plain = twoStepAccess(demand, supply, { rings });
          const frozen = Object.freeze([...supply]);
          // A frozen list keeps its index between calls: another demand first must not leak into this one.
          twoStepAccess(otherDemand, frozen, { rings: ((rings % 3) + 1) as number });
          const again = twoStepAccess(demand, frozen, { rings });
          expect(again).toEqual(plain);
          const got = byCell(plain.cells);
          for (const e of expected) expect(got.get(e.cell)!.access).toBeCloseTo(e.access, 9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
