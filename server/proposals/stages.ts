/**
 * Proposal stages: idea → co_designing → pilot → running → closed. A proposal moves forward one
 * step at a time (a pilot is not skipped by accident) or is closed from any open stage. Pure, so
 * every move is tested.
 */
import { PROPOSAL_STAGES, type ProposalStage } from '../../db/schema.js';

export function nextStage(stage: ProposalStage): ProposalStage | null {
  const i = PROPOSAL_STAGES.indexOf(stage);
  return PROPOSAL_STAGES[i + 1] ?? null;
}

export function allowedStageMoves(from: ProposalStage): ProposalStage[] {
  if (from === 'closed') return [];
  const next = nextStage(from);
  return next === 'closed' || next === null ? ['closed'] : [next, 'closed'];
}

export function canMoveStage(from: ProposalStage, to: ProposalStage): boolean {
  return allowedStageMoves(from).includes(to);
}

/** Launching makes the service and puts the proposal at `running`, from any stage before it. */
export function canLaunch(stage: ProposalStage): boolean {
  return stage === 'idea' || stage === 'co_designing' || stage === 'pilot';
}
