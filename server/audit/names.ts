/**
 * What an audit entry's ids stand for, in words, for the admin's audit log: who did it (the
 * user's name) and which record (a service's or organisation's name, a proposal's title, a
 * referral's code, a user's name, a tag's name). Looked up per page, a query per kind.
 */
import type { Db } from '../../db/schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function namesOf(db: Db, entity: string, ids: string[]): Promise<[string, string][]> {
  const uuids = ids.filter((id) => UUID.test(id));
  if (!ids.length) return [];
  switch (entity) {
    case 'user':
      return uuids.length
        ? (
            await db.selectFrom('users').select(['id', 'name']).where('id', 'in', uuids).execute()
          ).map((r) => [r.id, r.name])
        : [];
    case 'service':
      return uuids.length
        ? (
            await db
              .selectFrom('services')
              .select(['id', 'name'])
              .where('id', 'in', uuids)
              .execute()
          ).map((r) => [r.id, r.name])
        : [];
    case 'organisation':
      return uuids.length
        ? (
            await db
              .selectFrom('organisations')
              .select(['id', 'name'])
              .where('id', 'in', uuids)
              .execute()
          ).map((r) => [r.id, r.name])
        : [];
    case 'proposal':
      return uuids.length
        ? (
            await db
              .selectFrom('proposals')
              .select(['id', 'title'])
              .where('id', 'in', uuids)
              .execute()
          ).map((r) => [r.id, r.title])
        : [];
    case 'referral':
      return uuids.length
        ? (
            await db
              .selectFrom('referrals')
              .select(['id', 'code'])
              .where('id', 'in', uuids)
              .execute()
          ).map((r) => [r.id, `Referral ${r.code}`])
        : [];
    case 'taxonomy':
      return (
        await db.selectFrom('taxonomy').select(['slug', 'name']).where('slug', 'in', ids).execute()
      ).map((r) => [r.slug, r.name]);
    case 'area':
      return uuids.length
        ? (
            await db.selectFrom('areas').select(['id', 'name']).where('id', 'in', uuids).execute()
          ).map((r) => [r.id, r.name])
        : [];
    default:
      return [];
  }
}

/** Adds `userName` and `entityName` (null when the record is gone or has no name) to each entry. */
export async function withAuditNames<
  T extends { userId: string | null; entity: string; entityId: string | null },
>(db: Db, rows: T[]) {
  const users = new Map(
    await namesOf(db, 'user', [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))]),
  );
  const byEntity = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.entityId)
      (byEntity.get(r.entity) ?? byEntity.set(r.entity, new Set()).get(r.entity)!).add(r.entityId);
  const entities = new Map<string, string>();
  for (const [entity, ids] of byEntity)
    for (const [id, name] of await namesOf(db, entity, [...ids]))
      entities.set(`${entity}:${id}`, name);
  return rows.map((r) => ({
    ...r,
    userName: r.userId ? (users.get(r.userId) ?? null) : null,
    entityName: r.entityId ? (entities.get(`${r.entity}:${r.entityId}`) ?? null) : null,
  }));
}
