/**
 * The shortlist catalogue is complete and lean: TypeScript already refuses a language without
 * a key; this fails on a key nothing uses, or a translation left in English or with different
 * placeholders. And the directory card's choice of summary marks English.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/define.js';
import catalogue from '../../i18n/messages/shortlist.js';
import { summaryIn } from '../directory/directoryApi.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('i18n/messages/shortlist', () => {
  it('has no key nothing uses', () => {
    const code = [
      ...sources('server/shortlists'),
      ...sources('client/shortlist'),
      readFileSync('client/map/layers/provisionCard.ts', 'utf8'),
    ].join('\n');
    const unused = Object.keys(catalogue.en).filter(
      (key) => !new RegExp(`\\(\\s*'${key}'`).test(code) && !code.includes(`'${key}'`),
    );
    expect(unused).toEqual([]);
  });

  it('translates every message, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      for (const [key, english] of Object.entries(catalogue.en)) {
        const text = (catalogue[lang] as Record<string, string>)[key]!;
        expect(text, `${lang}.${key}`).not.toBe(english);
        expect(placeholders(text), `${lang}.${key}`).toEqual(placeholders(english));
      }
    }
  });
});

describe('summaryIn', () => {
  const svc = {
    summary: 'Tea and talk.',
    translations: [{ language: 'bn', summary: 'চা ও আড্ডা।', howToJoin: null }],
  };
  it('takes the translation, by base language too, and marks English otherwise', () => {
    expect(summaryIn(svc, 'bn')).toEqual({ text: 'চা ও আড্ডা।', lang: 'bn', inEnglish: false });
    expect(summaryIn(svc, 'bn-BD')).toEqual({ text: 'চা ও আড্ডা।', lang: 'bn', inEnglish: false });
    expect(summaryIn(svc, 'so')).toEqual({ text: 'Tea and talk.', lang: 'en', inEnglish: true });
    expect(summaryIn(svc, '')).toEqual({ text: 'Tea and talk.', lang: 'en', inEnglish: false });
  });
});
