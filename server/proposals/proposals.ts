/** Opening, reading and editing proposals. */
import { cellToParent, isValidCell } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB, ProposalStage } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { SessionUser } from '../http/env.js';
import { conflict, forbidden, invalid, notFound } from '../http/errors.js';
import { runGapCheck } from '../gaps/gap-check.js';
import {
  FUNDER_MAX_RES,
  publishOptions,
  suppressCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';
import { unknownTags } from '../taxonomy/queries.js';
import { resolvePlace } from './place.js';
import { usableVenue } from './venue.js';
import { findProposal, insertStageEvent, loadProposalParts } from './queries.js';
import type { ProposalCreate, ProposalPatch, StoredGapCheck } from './schemas.js';
import { allowedStageMoves, canLaunch, canMoveStage } from './stages.js';

type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

/** Its creator, its organisation's organisers and admins run a proposal. */
export function canRunProposal(
  user: SessionUser,
  p: { createdBy: string; organisationId: string | null },
): boolean {
  if (user.role === 'admin' || user.id === p.createdBy) return true;
  return (
    user.role === 'organiser' &&
    p.organisationId !== null &&
    user.organisationId === p.organisationId
  );
}

export async function openProposal(
  db: Kysely<DB>,
  config: Config,
  user: SessionUser,
  input: ProposalCreate,
) {
  const unknown = await unknownTags(db, input.tags);
  if (unknown.length) throw invalid({ tags: `unknown tag(s): ${unknown.join(', ')}` });
  const place = await resolvePlace(db, input);
  const organisationId =
    user.role === 'admin' ? (input.organisationId ?? null) : user.organisationId;
  if (input.organisationId && input.organisationId !== organisationId)
    throw invalid({ organisationId: 'organisers open proposals for their own organisation' });
  if (input.venueLocationId) await usableVenue(db, input.venueLocationId, organisationId);
  // The snapshot is what the gap looked like when the idea was opened; it is never recomputed.
  const gapCheck = await runGapCheck(db, config, {
    tags: input.tags,
    lat: place.lat,
    lng: place.lng,
    radiusKm: input.radiusKm,
    schedule: input.schedule,
  });
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('proposals')
      .values({
        title: input.title,
        description: input.description,
        tags: JSON.stringify([...new Set(input.tags)]),
        lat: place.lat,
        lng: place.lng,
        cell: place.cell,
        gapCheck: JSON.stringify(gapCheck),
        schedule: JSON.stringify(input.schedule),
        venueLocationId: input.venueLocationId ?? null,
        createdBy: user.id,
        organisationId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertStageEvent(tx, row.id, 'idea', user.id);
    await recordAudit(tx, {
      userId: user.id,
      action: 'proposal.created',
      entity: 'proposal',
      entityId: row.id,
      details: { tags: input.tags },
    });
    return row.id;
  });
  return proposalDetail(db, user, id, publishOptions(config));
}

/**
 * The gap check stored on a proposal, as this user may read it: funders see aggregates no finer
 * than res 7 (DESIGN.md privacy rules), so its res-8 cell becomes the res-7 parent.
 */
function storedGapCheckFor(user: SessionUser, column: unknown): StoredGapCheck {
  // The jsonb column holds what runGapCheck returned when the proposal was opened (openProposal).
  const stored = column as StoredGapCheck;
  if (user.role !== 'funder' || !stored || typeof stored !== 'object') return stored;
  const check = stored as { cell?: unknown };
  return typeof check.cell === 'string' && isValidCell(check.cell)
    ? { ...stored, cell: cellToParent(check.cell, FUNDER_MAX_RES), res: FUNDER_MAX_RES }
    : stored;
}

export function proposalSummary(
  p: ProposalRow & { memberCount?: number | null; backingPence?: number | null },
  user: SessionUser,
  publish: SuppressionOptions,
) {
  const gap = p.gapCheck as { verdict?: string } | null;
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    tags: p.tags,
    lat: p.lat,
    lng: p.lng,
    cell: p.cell,
    stage: p.stage,
    gapVerdict: gap?.verdict ?? null,
    schedule: p.schedule,
    venueLocationId: p.venueLocationId,
    hurdles: p.hurdles,
    interestCount: suppressCount({ count: p.interestCount, keySum: p.interestKeySum }, publish),
    createdBy: p.createdBy,
    organisationId: p.organisationId,
    serviceId: p.serviceId,
    memberCount: p.memberCount ?? 0,
    backingPence: p.backingPence ?? 0,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    canRun: canRunProposal(user, p),
    allowedStageMoves: canRunProposal(user, p) ? allowedStageMoves(p.stage) : [],
    canLaunch:
      canLaunch(p.stage) &&
      !p.serviceId &&
      canRunProposal(user, p) &&
      (user.role === 'admin' || user.role === 'organiser'),
  };
}

export async function proposalDetail(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  publish: SuppressionOptions,
) {
  const p = await findProposal(db, id);
  if (!p) throw notFound('Proposal');
  const parts = await loadProposalParts(db, id);
  const commitments = { advise: 0, refer: 0, co_host: 0, hoursPerMonth: 0 };
  for (const m of parts.members) {
    commitments[m.commitment] += 1;
    commitments.hoursPerMonth += m.hoursPerMonth ?? 0;
  }
  const backingPence = parts.backings.reduce((sum, b) => sum + b.amountPence, 0);
  return {
    ...proposalSummary({ ...p, memberCount: parts.members.length, backingPence }, user, publish),
    gapCheck: storedGapCheckFor(user, p.gapCheck),
    members: parts.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      role: m.role,
      commitment: m.commitment,
      hoursPerMonth: m.hoursPerMonth,
      joinedAt: m.createdAt.toISOString(),
    })),
    commitments,
    partners: parts.partners.map((x) => ({
      id: x.id,
      organisationId: x.organisationId,
      organisationName: x.organisationName,
      note: x.note,
      createdAt: x.createdAt.toISOString(),
    })),
    backings: parts.backings.map((b) => ({
      id: b.id,
      funderId: b.funderId,
      funderName: b.funderName,
      amountPence: b.amountPence,
      period: b.period,
      createdAt: b.createdAt.toISOString(),
    })),
    history: parts.history.map((h) => ({ stage: h.stage, at: h.at.toISOString() })),
    myMembership: parts.members.find((m) => m.userId === user.id)?.commitment ?? null,
  };
}

export async function updateProposal(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  patch: ProposalPatch,
  publish: SuppressionOptions,
) {
  await db.transaction().execute(async (tx) => {
    const p = await tx
      .selectFrom('proposals')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!p) throw notFound('Proposal');
    if (!canRunProposal(user, p))
      throw forbidden("Only the proposal's creator, its organisation or an admin can change it.");
    if (p.version !== patch.version)
      throw conflict('Someone else changed this proposal; reload it and try again.', {
        currentVersion: p.version,
      });
    const stage: ProposalStage | undefined =
      patch.stage && patch.stage !== p.stage ? patch.stage : undefined;
    if (stage && !canMoveStage(p.stage, stage)) {
      throw conflict(`A proposal at ${p.stage} cannot move to ${stage}.`, {
        stage: p.stage,
        allowed: allowedStageMoves(p.stage),
      });
    }
    await tx
      .updateTable('proposals')
      .set({
        version: p.version + 1,
        ...(stage ? { stage } : {}),
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.hurdles !== undefined ? { hurdles: JSON.stringify(patch.hurdles) } : {}),
        ...(patch.schedule !== undefined ? { schedule: JSON.stringify(patch.schedule) } : {}),
      })
      .where('id', '=', id)
      .execute();
    if (stage) await insertStageEvent(tx, id, stage, user.id);
    const fields = Object.keys(patch).filter((k) => k !== 'version');
    await recordAudit(tx, {
      userId: user.id,
      action: 'proposal.updated',
      entity: 'proposal',
      entityId: id,
      details: { fields, ...(stage ? { from: p.stage, to: stage } : {}) },
    });
  });
  return proposalDetail(db, user, id, publish);
}
