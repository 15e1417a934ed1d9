/**
 * The weekly digest (DESIGN.md: Link Workers learn about provision from mailing lists and have
 * minutes, not hours): what opened, changed and ended in the directory, new proposals and stage
 * moves, and — for a signed-in reader — the referrals that moved. Each section is capped so the
 * digest stays readable; the counts say how many there were in all.
 */
import { sql } from 'kysely';
import type { Db, ProposalStage, ReferralStatus } from '../../db/schema.js';
import type { SessionUser } from '../http/env.js';
import { countStale, staleServices } from '../listings/stale.js';
import { servicesWithOrganisation } from '../services/rows.js';

/** Items shown per section; `counts` has the full numbers. */
export const SECTION_CAP = 50;

export interface DigestService {
  id: string;
  name: string;
  summary: string;
  organisationName: string;
  tags: string[];
  at: string;
}

export interface Digest {
  since: string;
  until: string;
  counts: {
    newServices: number;
    changedServices: number;
    endedServices: number;
    newProposals: number;
    stageChanges: number;
    referralUpdates: number;
    staleServices: number;
  };
  newServices: DigestService[];
  changedServices: DigestService[];
  endedServices: DigestService[];
  newProposals: {
    id: string;
    title: string;
    stage: ProposalStage;
    tags: string[];
    gapVerdict: string | null;
    at: string;
  }[];
  stageChanges: { proposalId: string; title: string; stage: ProposalStage; at: string }[];
  referralUpdates: {
    referralId: string;
    code: string;
    serviceName: string;
    status: ReferralStatus;
    at: string;
  }[];
  /** Listings nobody has confirmed for six months, longest first (an organiser: their own). */
  staleServices: {
    id: string;
    name: string;
    organisationName: string;
    lastVerifiedAt: string | null;
  }[];
}

function services(db: Db, since: Date, until: Date, which: 'new' | 'changed' | 'ended') {
  let q = servicesWithOrganisation(db).select([
    'services.id',
    'services.name',
    'services.summary',
    'organisations.name as organisationName',
    'services.createdAt',
    'services.updatedAt',
    sql<
      string[]
    >`coalesce((select json_agg(st.tag_slug order by st.tag_slug) from service_tags st where st.service_id = services.id), '[]')`.as(
      'tags',
    ),
    sql<number>`count(*) over ()`.as('total'),
  ]);
  if (which === 'new')
    q = q
      .where('services.createdAt', '>=', since)
      .where('services.createdAt', '<', until)
      .where('services.status', '!=', 'ended');
  if (which === 'changed')
    q = q
      .where('services.createdAt', '<', since)
      .where('services.updatedAt', '>=', since)
      .where('services.updatedAt', '<', until)
      .where('services.status', '!=', 'ended');
  if (which === 'ended')
    q = q
      .where('services.status', '=', 'ended')
      .where('services.updatedAt', '>=', since)
      .where('services.updatedAt', '<', until);
  return q
    .orderBy(which === 'new' ? 'services.createdAt' : 'services.updatedAt', 'desc')
    .orderBy('services.id')
    .limit(SECTION_CAP)
    .execute();
}

function referralUpdates(db: Db, reader: SessionUser | null, since: Date, until: Date) {
  if (!reader || reader.role === 'funder') return Promise.resolve([]);
  let q = db
    .selectFrom('referralEvents')
    .innerJoin('referrals', 'referrals.id', 'referralEvents.referralId')
    .innerJoin('services', 'services.id', 'referrals.serviceId')
    .select([
      'referrals.id as referralId',
      'referrals.code',
      'services.name as serviceName',
      'referralEvents.status',
      'referralEvents.at',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('referralEvents.at', '>=', since)
    .where('referralEvents.at', '<', until)
    .where('referralEvents.undoneAt', 'is', null);
  // A Link Worker hears how their referrals moved (not that they sent them); an organisation
  // hears about new referrals too. Admins see the whole network.
  if (reader.role === 'link_worker')
    q = q
      .where('referrals.referrerId', '=', reader.id)
      .where('referralEvents.status', '!=', 'sent');
  if (reader.role === 'organiser')
    q = q.where(
      'services.organisationId',
      '=',
      reader.organisationId ?? '00000000-0000-0000-0000-000000000000',
    );
  return q
    .orderBy('referralEvents.at', 'desc')
    .orderBy('referralEvents.id')
    .limit(SECTION_CAP)
    .execute();
}

export async function buildDigest(
  db: Db,
  reader: SessionUser | null,
  since: Date,
  until = new Date(),
): Promise<Digest> {
  const staleOf =
    reader?.role === 'organiser'
      ? { organisationId: reader.organisationId ?? '00000000-0000-0000-0000-000000000000' }
      : {};
  const [created, changed, ended, proposals, stages, referrals, stale, staleTotal] =
    await Promise.all([
      services(db, since, until, 'new'),
      services(db, since, until, 'changed'),
      services(db, since, until, 'ended'),
      db
        .selectFrom('proposals')
        .select([
          'id',
          'title',
          'stage',
          'tags',
          'gapCheck',
          'createdAt',
          sql<number>`count(*) over ()`.as('total'),
        ])
        .where('createdAt', '>=', since)
        .where('createdAt', '<', until)
        .orderBy('createdAt', 'desc')
        .orderBy('id')
        .limit(SECTION_CAP)
        .execute(),
      db
        .selectFrom('proposalStageEvents')
        .innerJoin('proposals', 'proposals.id', 'proposalStageEvents.proposalId')
        .select([
          'proposals.id as proposalId',
          'proposals.title',
          'proposalStageEvents.stage',
          'proposalStageEvents.at',
          sql<number>`count(*) over ()`.as('total'),
        ])
        .where('proposalStageEvents.stage', '!=', 'idea') // "idea" is the opening, already under new proposals
        .where('proposalStageEvents.at', '>=', since)
        .where('proposalStageEvents.at', '<', until)
        .orderBy('proposalStageEvents.at', 'desc')
        .orderBy('proposalStageEvents.id')
        .limit(SECTION_CAP)
        .execute(),
      referralUpdates(db, reader, since, until),
      staleServices(db, { ...staleOf, now: until, limit: SECTION_CAP }),
      countStale(db, { ...staleOf, now: until }),
    ]);
  const service =
    (at: 'createdAt' | 'updatedAt') =>
    (r: (typeof created)[number]): DigestService => ({
      id: r.id,
      name: r.name,
      summary: r.summary,
      organisationName: r.organisationName,
      tags: r.tags,
      at: r[at].toISOString(),
    });
  const total = (rows: { total: number }[]) => Number(rows[0]?.total ?? 0);
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    counts: {
      newServices: total(created),
      changedServices: total(changed),
      endedServices: total(ended),
      newProposals: total(proposals),
      stageChanges: total(stages),
      referralUpdates: total(referrals),
      staleServices: staleTotal,
    },
    newServices: created.map(service('createdAt')),
    changedServices: changed.map(service('updatedAt')),
    endedServices: ended.map(service('updatedAt')),
    newProposals: proposals.map((p) => ({
      id: p.id,
      title: p.title,
      stage: p.stage,
      tags: p.tags,
      gapVerdict: (p.gapCheck as { verdict?: string } | null)?.verdict ?? null,
      at: p.createdAt.toISOString(),
    })),
    stageChanges: stages.map((s) => ({
      proposalId: s.proposalId,
      title: s.title,
      stage: s.stage,
      at: s.at.toISOString(),
    })),
    referralUpdates: referrals.map((r) => ({
      referralId: r.referralId,
      code: r.code,
      serviceName: r.serviceName,
      status: r.status,
      at: r.at.toISOString(),
    })),
    staleServices: stale.slice(0, SECTION_CAP).map((s) => ({
      id: s.id,
      name: s.name,
      organisationName: s.organisationName,
      lastVerifiedAt: s.lastVerifiedAt?.toISOString() ?? null,
    })),
  };
}
