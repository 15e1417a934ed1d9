/**
 * Launch: the proposal becomes a service in the directory — with its tags, its place (the chosen
 * venue, or a new location at the proposal's point) and its proposed weekly sessions — and moves
 * to `running`, all in one transaction so there is never a service without its proposal link.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { SessionUser } from '../http/env.js';
import { conflict, forbidden, invalid, notFound } from '../http/errors.js';
import { locationColumns } from '../services/writes.js';
import { canRunProposal } from './proposals.js';
import { usableVenue } from './venue.js';
import { insertStageEvent } from './queries.js';
import { allowedStageMoves, canLaunch } from './stages.js';

export function launchSummary(title: string, description: string, summary?: string): string {
  if (summary) return summary;
  const text = description.trim() || title;
  return text.length <= 280 ? text : `${text.slice(0, 279).trimEnd()}…`;
}

export async function launchProposal(
  db: Kysely<DB>,
  user: SessionUser,
  id: string,
  input: { summary?: string | undefined; organisationId?: string | undefined },
) {
  return db.transaction().execute(async (tx) => {
    const p = await tx
      .selectFrom('proposals')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!p) throw notFound('Proposal');
    // Who launches is decided by the proposal's owner (its creator and its organisation's
    // organisers), never by a membership anyone can declare by joining as a co-host.
    if (!canRunProposal(user, p) || (user.role !== 'admin' && user.role !== 'organiser')) {
      throw forbidden('Only the proposal’s own organisers or an admin can launch it.');
    }
    if (p.serviceId || !canLaunch(p.stage))
      throw conflict(`A proposal at ${p.stage} cannot be launched.`, {
        stage: p.stage,
        allowed: allowedStageMoves(p.stage),
      });
    const organisationId =
      user.role === 'admin' ? (input.organisationId ?? p.organisationId) : user.organisationId;
    if (!organisationId)
      throw invalid({ organisationId: 'name the organisation that will run the service' });
    if (user.role !== 'admin' && input.organisationId && input.organisationId !== organisationId)
      throw invalid({ organisationId: 'organisers launch for their own organisation' });
    const service = await tx
      .insertInto('services')
      .values({
        organisationId,
        name: p.title,
        summary: launchSummary(p.title, p.description, input.summary),
        description: p.description,
        status: 'active',
        referralRoute: 'link_worker',
        lastVerifiedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (p.tags.length)
      await tx
        .insertInto('serviceTags')
        .values(p.tags.map((tagSlug) => ({ serviceId: service.id, tagSlug })))
        .execute();
    // The service's location belongs to the organisation running it: the venue itself when it is
    // theirs; a copy of another organisation's public venue; never a foreign confidential one.
    const venue = p.venueLocationId
      ? await usableVenue(tx, p.venueLocationId, organisationId)
      : null;
    let locationId = venue?.organisationId === organisationId ? venue.id : null;
    if (!locationId) {
      const place = venue
        ? locationColumns({
            name: venue.name,
            address: venue.address,
            postcode: venue.postcode,
            district: venue.district,
            lat: venue.lat,
            lng: venue.lng,
            bookable: venue.bookable,
            bookingInfo: venue.bookingInfo,
            accessibility: venue.accessibility,
            confidential: venue.confidential,
          } as Parameters<typeof locationColumns>[0])
        : locationColumns({ name: p.title, lat: p.lat, lng: p.lng });
      const location = await tx
        .insertInto('locations')
        .values({ ...place, organisationId })
        .returning('id')
        .executeTakeFirstOrThrow();
      locationId = location.id;
    }
    await tx.insertInto('serviceLocations').values({ serviceId: service.id, locationId }).execute();
    if (p.schedule.length) {
      await tx
        .insertInto('schedules')
        .values(
          p.schedule.map((s) => ({
            serviceId: service.id,
            locationId,
            day: s.day,
            startTime: s.start,
            endTime: s.end,
          })),
        )
        .execute();
    }
    await tx
      .updateTable('proposals')
      .set({ serviceId: service.id, stage: 'running', version: p.version + 1 })
      .where('id', '=', id)
      .execute();
    await insertStageEvent(tx, id, 'running', user.id);
    await recordAudit(tx, {
      userId: user.id,
      action: 'proposal.launched',
      entity: 'proposal',
      entityId: id,
      details: { serviceId: service.id, from: p.stage },
    });
    return { serviceId: service.id };
  });
}
