import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, actionLabel, detailsInWords, ENTITY_LABELS } from './auditWords.js';

/** Every `action: '…'` and `entity: '…'` the server records (tests aside), read from its source. */
function recorded(kind: 'action' | 'entity'): Set<string> {
  const root = join(import.meta.dirname, '../../server');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        const pattern = kind === 'action' ? /'([a-z_]+\.[a-z_]+)'/g : /entity: '([a-z_]+)'/g;
        // Actions are written as "thing.what" string literals inside recordAudit calls.
        for (const call of kind === 'action'
          ? (text.match(/recordAudit\([^;]*?\);/gs) ?? [])
          : [text]) {
          for (const m of call.matchAll(pattern)) found.add(m[1]!);
        }
      }
    }
  };
  walk(root);
  return found;
}

describe('audit log in words', () => {
  it('reads actions and details as sentences', () => {
    expect(actionLabel('referral.moved')).toBe('Moved a referral');
    expect(actionLabel('something.new_here')).toBe('Something new here');
    expect(detailsInWords({ from: 'sent', to: 'not_a_fit', reason: 'full' })).toBe(
      'from sent to not a fit; reason: full',
    );
    expect(detailsInWords({ fields: ['name', 'referralEmail'], version: 3 })).toBe(
      'fields: name, referral email; version: 3',
    );
    expect(detailsInWords({})).toBe('');
  });

  it('has a sentence for every action and a name for every kind of record the server audits', () => {
    const actions = recorded('action');
    expect(actions.size).toBeGreaterThan(10);
    expect([...actions].filter((a) => !ACTION_LABELS[a])).toEqual([]);
    expect([...recorded('entity')].filter((e) => !ENTITY_LABELS[e])).toEqual([]);
  });
});
