/**
 * A service's own text in a reader's language: the organiser's translation when there is one
 * (the exact tag, else the same base language: "bn" serves "bn-BD"), else the English text,
 * marked as such. English itself is the service's text, never a translation.
 */
import type { ServiceView } from './services.js';

export interface ServiceText {
  summary: string;
  /** The organiser's "how to join" in that language; null without a translation. */
  howToJoin: string | null;
  /** The text shown is English, though another language was asked for. */
  inEnglish: boolean;
}

const base = (tag: string) => tag.toLowerCase().split('-')[0]!;

export function isEnglish(language: string): boolean {
  return base(language) === 'en';
}

export function serviceTextIn(
  v: Pick<ServiceView, 'summary' | 'translations'>,
  language: string,
): ServiceText {
  if (isEnglish(language)) return { summary: v.summary, howToJoin: null, inEnglish: false };
  const wanted = language.toLowerCase();
  const t =
    v.translations.find((x) => x.language.toLowerCase() === wanted) ??
    v.translations.find((x) => base(x.language) === base(language));
  return t
    ? { summary: t.summary, howToJoin: t.howToJoin, inEnglish: false }
    : { summary: v.summary, howToJoin: null, inEnglish: true };
}
