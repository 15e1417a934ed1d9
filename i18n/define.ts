/**
 * The shape of Gapmap's message catalogues, shared by the client and the server.
 *
 * Each namespace is one module in `i18n/messages/` that default-exports
 * `defineMessages({ en: {...}, bn: {...}, so: {...}, ar: {...} })`: English holds every key and
 * TypeScript refuses a language that lacks one of them or has one English does not. Messages are
 * plain strings with `{name}` placeholders. The translator (built on these) lives beside this file.
 */
export const LANGUAGES = ['en', 'bn', 'so', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';
/** Languages written right to left: the page's `dir` follows. */
export const RTL_LANGUAGES: ReadonlySet<Lang> = new Set<Lang>(['ar']);

export type Messages = { readonly [key: string]: string };
export type Catalogue<E extends Messages> = { readonly en: E } & {
  readonly [L in Exclude<Lang, 'en'>]: { readonly [K in keyof E]: string };
};

export function defineMessages<const E extends Messages>(catalogue: Catalogue<E>): Catalogue<E> {
  return catalogue;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; a placeholder without a value is left as written, so it shows in review. */
export function fill(
  template: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** One namespace's messages in one language, as a lookup with placeholders filled. */
export function messagesIn<E extends Messages>(catalogue: Catalogue<E>, lang: Lang) {
  const table = catalogue[lang] as { readonly [K in keyof E]: string };
  return (key: keyof E & string, params?: Readonly<Record<string, string | number>>): string =>
    fill(table[key], params);
}
