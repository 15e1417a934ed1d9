import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_init.js';
import * as m0002 from './0002_accounts.js';
import * as m0003 from './0003_needs.js';
import * as m0004 from './0004_areas.js';
import * as m0005 from './0005_codesign.js';
import * as m0300 from './0300_needs_postcode_sectors.js';
import * as m0301 from './0301_needs_cell_counts.js';
import * as m0302 from './0302_needs_rollup_fillfactor.js';
import * as m0500 from './0500_codesign_interest_marks.js';
import * as m0600 from './0600_perf_data_version.js';
import * as m0700 from './0700_publication_releases.js';
import * as m0720 from './0720_places_search_indexes.js';
import * as m0730 from './0730_referrals_contact.js';
import * as m0731 from './0731_events_attendance.js';
import * as m0740 from './0740_oruk_interchange.js';
import * as m0750 from './0750_ops_mail_queue_rate_limits.js';
import * as m0770 from './0770_listings_checks_claims.js';
import * as m0780 from './0780_demand_search_misses.js';
import * as m0781 from './0781_needs_idempotency_keys.js';
import * as m0810 from './0810_shortlists_translations.js';
import * as m0790 from './0790_scale_barrier_counts_week.js';
import * as m0820 from './0820_users_language.js';
import * as m0830 from './0830_publication_totals.js';
import * as m0840 from './0840_perf_service_views_version.js';
import * as m0850 from './0850_perf_write_notices.js';
import * as m0860 from './0860_needs_inline_tags.js';
import * as m0870 from './0870_needs_pending_rollups.js';
import * as m0880 from './0880_needs_fold_in_sql.js';
import * as m0890 from './0890_ops_rate_limits_unlogged.js';

/**
 * Every migration, by name. Append-only: a landed migration is never edited; add a new file
 * and a line here. Imported statically so the same list runs under tsx, vitest and a bundle.
 */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_accounts': m0002,
  '0003_needs': m0003,
  '0004_areas': m0004,
  '0005_codesign': m0005,
  '0300_needs_postcode_sectors': m0300,
  '0301_needs_cell_counts': m0301,
  '0302_needs_rollup_fillfactor': m0302,
  '0500_codesign_interest_marks': m0500,
  '0600_perf_data_version': m0600,
  '0700_publication_releases': m0700,
  '0720_places_search_indexes': m0720,
  '0730_referrals_contact': m0730,
  '0731_events_attendance': m0731,
  '0740_oruk_interchange': m0740,
  '0750_ops_mail_queue_rate_limits': m0750,
  '0770_listings_checks_claims': m0770,
  '0780_demand_search_misses': m0780,
  '0781_needs_idempotency_keys': m0781,
  '0810_shortlists_translations': m0810,
  '0790_scale_barrier_counts_week': m0790,
  '0820_users_language': m0820,
  '0830_publication_totals': m0830,
  '0840_perf_service_views_version': m0840,
  '0850_perf_write_notices': m0850,
  '0860_needs_inline_tags': m0860,
  '0870_needs_pending_rollups': m0870,
  '0880_needs_fold_in_sql': m0880,
  '0890_ops_rate_limits_unlogged': m0890,
};
