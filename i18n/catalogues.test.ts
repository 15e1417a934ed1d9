/**
 * Every catalogue of i18n/messages: each language has exactly English's keys, no empty message,
 * the same placeholders; and every key is used — its name appears, quoted, in a source file that
 * imports the namespace (or beside one, in its feature folder) (so a key nobody reads fails here, and dynamic lookups go through a typed
 * table of literal keys, as client/ui/wording.ts does).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Catalogue, type Messages } from './define.js';
import { parseAcceptLanguage, pickLanguage, pseudoLocalise } from './negotiate.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MESSAGES_DIR = join(ROOT, 'i18n', 'messages');
const SOURCE_DIRS = ['client', 'server', 'i18n', 'scripts'].map((d) => join(ROOT, d));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') out.push(...sourceFiles(path));
    } else if (
      /\.(ts|tsx)$/.test(name) &&
      !/\.test\.tsx?$/.test(name) &&
      !path.startsWith(MESSAGES_DIR)
    )
      out.push(path);
  }
  return out;
}

const namespaces = readdirSync(MESSAGES_DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'));
const sources = SOURCE_DIRS.flatMap(sourceFiles).map((path) => ({
  path,
  text: readFileSync(path, 'utf8'),
}));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(namespaces)('catalogue %s', (namespace) => {
  it('has every key in every language, none empty, with the same placeholders', async () => {
    const catalogue = (await import(`./messages/${namespace}.ts`)).default as Catalogue<Messages>;
    const keys = Object.keys(catalogue.en).sort();
    expect(keys.length).toBeGreaterThan(0);
    for (const lang of LANGUAGES) {
      const table = catalogue[lang] as Messages;
      expect(Object.keys(table).sort(), `${namespace}.${lang} keys`).toEqual(keys);
      for (const key of keys) {
        expect(table[key]?.trim(), `${namespace}.${lang}.${key} is empty`).toBeTruthy();
        expect(placeholders(table[key]!), `${namespace}.${lang}.${key} placeholders`).toEqual(
          placeholders(catalogue.en[key]!),
        );
      }
    }
  });

  it('has no key that no source uses', async () => {
    const catalogue = (await import(`./messages/${namespace}.ts`)).default as Catalogue<Messages>;
    const importers = sources.filter((s) =>
      new RegExp(`messages/${namespace}(\\.js)?['"]`).test(s.text),
    );
    expect(importers.length, `nothing imports i18n/messages/${namespace}`).toBeGreaterThan(0);
    // A feature folder may hand its translator around (server/shortlists: shortlist.ts → page.ts): its files count too.
    const folders = new Set(importers.map((s) => dirname(s.path)));
    const readers = sources.filter((s) => folders.has(dirname(s.path)));
    const unused = Object.keys(catalogue.en).filter(
      (key) => !readers.some((s) => new RegExp(`['"\`]${key}['"\`]`).test(s.text)),
    );
    expect(
      unused,
      `unused keys of ${namespace} (read in: ${[...folders].map((f) => relative(ROOT, f)).join(', ')})`,
    ).toEqual([]);
  });
});

describe('choosing a language', () => {
  it('takes the first shipped language of the preferences, by primary subtag', () => {
    expect(pickLanguage(['fr-FR', 'bn-BD', 'en'])).toBe('bn');
    expect(pickLanguage(['ar-SA'])).toBe('ar');
    expect(pickLanguage(['de'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
  it('orders Accept-Language by quality', () => {
    expect(parseAcceptLanguage('so;q=0.8, ar, en-GB;q=0.9, *;q=0.1')).toEqual([
      'ar',
      'en-GB',
      'so',
    ]);
    expect(parseAcceptLanguage('bn;q=0')).toEqual([]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });
  it('pseudo-localises: accented, longer, placeholders untouched', () => {
    const pseudo = pseudoLocalise('Sign in as {name}');
    expect(pseudo).toContain('{name}');
    expect(pseudo).toMatch(/Šígñ íñ áš/);
    expect(pseudo.length).toBeGreaterThan('Sign in as {name}'.length * 1.3);
  });
});
