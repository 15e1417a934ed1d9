import { describe, expect, it } from 'vitest';
import { PROPOSAL_STAGES } from '../../db/schema.js';
import { allowedStageMoves, canLaunch, canMoveStage } from './stages.js';

const LEGAL = new Set([
  'idea>co_designing',
  'co_designing>pilot',
  'pilot>running',
  'running>closed',
  'idea>closed',
  'co_designing>closed',
  'pilot>closed',
]);

describe('proposal stages', () => {
  for (const from of PROPOSAL_STAGES) {
    for (const to of PROPOSAL_STAGES) {
      const expected = LEGAL.has(`${from}>${to}`);
      it(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () =>
        expect(canMoveStage(from, to)).toBe(expected));
    }
  }
  it('closed is final', () => expect(allowedStageMoves('closed')).toEqual([]));
  it('launches only before running', () => {
    expect(PROPOSAL_STAGES.filter(canLaunch)).toEqual(['idea', 'co_designing', 'pilot']);
  });
});
