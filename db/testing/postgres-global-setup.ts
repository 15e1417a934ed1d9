/** vitest globalSetup for the "postgres" project: migrates the template database once per run. */
import { randomBytes } from 'node:crypto';
import { connect } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import { maintenanceClient, requiredUrl } from './test-db.js';

export async function setup(): Promise<void> {
  // Workers are forked after this runs, so they inherit the run id.
  process.env.GAPMAP_TEST_RUN = randomBytes(3).toString('hex');
  const url = new URL(requiredUrl());
  const template = url.pathname.slice(1);
  const admin = maintenanceClient(url);
  try {
    const exists = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists.length) await admin.unsafe(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  const database = await connect({ databaseUrl: url.toString(), maxConnections: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

export async function teardown(): Promise<void> {
  const url = new URL(requiredUrl());
  const template = url.pathname.slice(1);
  const admin = maintenanceClient(url);
  try {
    const clones = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`${template}_t${process.env.GAPMAP_TEST_RUN}_%`}`;
    for (const { datname } of clones)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
