/**
 * Admins edit the need taxonomy. It stays a two-level tree with stable slugs: a slug never
 * changes once created (flags, services and exports refer to it), a parent must be a top-level
 * tag, and a tag that has children cannot itself move under a parent.
 */
import type { Kysely } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import type { SessionUser } from '../http/env.js';
import { conflict, invalid, notFound } from '../http/errors.js';

export interface TagInput {
  slug: string;
  name: string;
  parent?: string | null | undefined;
  position?: number | undefined;
}

export interface TagChange {
  name?: string | undefined;
  parent?: string | null | undefined;
  position?: number | undefined;
}

const view = (t: { slug: string; name: string; parentSlug: string | null; position: number }) => ({
  slug: t.slug,
  name: t.name,
  parent: t.parentSlug,
  position: t.position,
});

/** 422 unless `parent` names a top-level tag other than `slug`. */
async function checkParent(db: Db, slug: string, parent: string): Promise<void> {
  if (parent === slug) throw invalid({ parent: 'cannot be the tag itself' });
  const row = await db
    .selectFrom('taxonomy')
    .select(['slug', 'parentSlug'])
    .where('slug', '=', parent)
    .executeTakeFirst();
  if (!row) throw invalid({ parent: 'is not a known tag' });
  if (row.parentSlug !== null)
    throw invalid({ parent: 'must be a top-level tag (the taxonomy has two levels)' });
}

export async function createTag(db: Kysely<DB>, user: SessionUser, input: TagInput) {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('taxonomy')
      .select('slug')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (existing) throw conflict('A tag with this slug already exists.', { slug: 'is taken' });
    if (input.parent) await checkParent(trx, input.slug, input.parent);
    const position = input.position ?? (await nextPosition(trx, input.parent ?? null));
    const row = await trx
      .insertInto('taxonomy')
      .values({ slug: input.slug, name: input.name, parentSlug: input.parent ?? null, position })
      .returning(['slug', 'name', 'parentSlug', 'position'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      userId: user.id,
      action: 'taxonomy.created',
      entity: 'taxonomy',
      entityId: row.slug,
      details: { parent: row.parentSlug },
    });
    return view(row);
  });
}

export async function updateTag(
  db: Kysely<DB>,
  user: SessionUser,
  slug: string,
  change: TagChange,
) {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('taxonomy')
      .select(['slug', 'parentSlug'])
      .where('slug', '=', slug)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('Tag');
    if (change.parent) {
      await checkParent(trx, slug, change.parent);
      const child = await trx
        .selectFrom('taxonomy')
        .select('slug')
        .where('parentSlug', '=', slug)
        .executeTakeFirst();
      if (child) throw invalid({ parent: 'this tag has tags under it, so it must stay top-level' });
    }
    const row = await trx
      .updateTable('taxonomy')
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.parent !== undefined ? { parentSlug: change.parent } : {}),
        ...(change.position !== undefined ? { position: change.position } : {}),
      })
      .where('slug', '=', slug)
      .returning(['slug', 'name', 'parentSlug', 'position'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      userId: user.id,
      action: 'taxonomy.updated',
      entity: 'taxonomy',
      entityId: slug,
      details: { fields: Object.keys(change) },
    });
    return view(row);
  });
}

async function nextPosition(db: Db, parent: string | null): Promise<number> {
  let q = db.selectFrom('taxonomy').select((eb) => eb.fn.max('position').as('max'));
  q = parent === null ? q.where('parentSlug', 'is', null) : q.where('parentSlug', '=', parent);
  const row = await q.executeTakeFirst();
  return Number(row?.max ?? -1) + 1;
}
