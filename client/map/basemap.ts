/**
 * The map's basemap and its fonts, one module for every map of the app (the map page, the gap
 * check). Three kinds, chosen by the deployment (GET /api/v1/config):
 *  - MAP_STYLE_URL: any MapLibre style, as given;
 *  - MAP_PMTILES_PATH: a self-hosted Protomaps archive the app serves with range requests
 *    (`/basemap/basemap.pmtiles`), drawn with the @protomaps/basemaps style;
 *  - neither: the local style, a plain background — nothing fetched from the internet.
 *
 * Text needs no glyph server. With no `glyphs` URL MapLibre 6 draws text itself, and the style's
 * `font-faces` (style spec, root) names the font files to draw with: Noto Sans from @fontsource,
 * bundled and served by the app (about 13 KB per face for Latin), with Bengali and Arabic faces
 * (@fontsource/noto-sans-bengali, -arabic) for labels in those scripts — fetched only when drawn. Every text layer of the app and
 * of the Protomaps style uses those names, so labels look the same offline and online.
 */
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';
import notoLatin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import notoLatinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import notoLatin500 from '@fontsource/noto-sans/files/noto-sans-latin-500-normal.woff2?url';
import notoLatinExt500 from '@fontsource/noto-sans/files/noto-sans-latin-ext-500-normal.woff2?url';
import notoLatinItalic from '@fontsource/noto-sans/files/noto-sans-latin-400-italic.woff2?url';
import bengali400 from '@fontsource/noto-sans-bengali/files/noto-sans-bengali-bengali-400-normal.woff2?url';
import bengali500 from '@fontsource/noto-sans-bengali/files/noto-sans-bengali-bengali-500-normal.woff2?url';
import arabic400 from '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2?url';
import arabic500 from '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-500-normal.woff2?url';
import { addProtocol, type MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { AppConfig } from '../appConfig.js';
import { lang } from '../i18n/language.js';

/** Languages the Protomaps style can label places in (its `lang` option); others fall back to English. */
const PROTOMAPS_LANGUAGES = new Set(['ar', 'en']);

/** The font every label of the app asks for (`text-font`). */
export const LABEL_FONT = ['Noto Sans Regular'];
export const LABEL_FONT_BOLD = ['Noto Sans Medium'];

// Ranges of @fontsource's subsets (its CSS), so each file draws only what it covers.
const LATIN = [
  'U+0000-00FF',
  'U+0131',
  'U+0152-0153',
  'U+02BB-02BC',
  'U+02C6',
  'U+02DA',
  'U+02DC',
  'U+0304',
  'U+0308',
  'U+0329',
  'U+2000-206F',
  'U+20AC',
  'U+2122',
  'U+2191',
  'U+2193',
  'U+2212',
  'U+2215',
  'U+FEFF',
  'U+FFFD',
];
const LATIN_EXT = [
  'U+0100-02BA',
  'U+02BD-02C5',
  'U+02C7-02CC',
  'U+02CE-02D7',
  'U+02DD-02FF',
  'U+1D00-1DBF',
  'U+1E00-1E9F',
  'U+1EF2-1EFF',
  'U+2020',
  'U+20A0-20AB',
  'U+20AD-20C0',
  'U+2113',
  'U+2C60-2C7F',
  'U+A720-A7FF',
];

// Bengali and Arabic (@fontsource/noto-sans-bengali, -arabic): place names and labels in those scripts.
const BENGALI = [
  'U+0951-0952',
  'U+0964-0965',
  'U+0980-09FE',
  'U+1CD0',
  'U+1CD2',
  'U+1CD5-1CD6',
  'U+1CD8',
  'U+1CE1',
  'U+1CEA',
  'U+1CED',
  'U+1CF2',
  'U+1CF5-1CF7',
  'U+200C-200D',
  'U+20B9',
  'U+25CC',
  'U+A8F1',
];
const ARABIC = [
  'U+0600-06FF',
  'U+0750-077F',
  'U+0870-088E',
  'U+0890-0891',
  'U+0897-08E1',
  'U+08E3-08FF',
  'U+200C-200E',
  'U+2010-2011',
  'U+204F',
  'U+2E41',
  'U+FB50-FDFF',
  'U+FE70-FE74',
  'U+FE76-FEFC',
];

/** Style URLs must be absolute; the bundled files are served by the app itself. */
const absolute = (url: string) => new URL(url, window.location.href).toString();

/** The `font-faces` of every style the app draws: the names the app's and Protomaps' text layers use. */
export function fontFaces() {
  return {
    'Noto Sans Regular': [
      { url: absolute(notoLatin400), 'unicode-range': LATIN },
      { url: absolute(notoLatinExt400), 'unicode-range': LATIN_EXT },
      { url: absolute(bengali400), 'unicode-range': BENGALI },
      { url: absolute(arabic400), 'unicode-range': ARABIC },
    ],
    'Noto Sans Medium': [
      { url: absolute(notoLatin500), 'unicode-range': LATIN },
      { url: absolute(notoLatinExt500), 'unicode-range': LATIN_EXT },
      { url: absolute(bengali500), 'unicode-range': BENGALI },
      { url: absolute(arabic500), 'unicode-range': ARABIC },
    ],
    'Noto Sans Italic': [{ url: absolute(notoLatinItalic), 'unicode-range': LATIN }],
  };
}

/** The offline style: a plain background; outlines and names come from the app's own layers. */
export function localStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Gapmap local (offline)',
    sources: {},
    'font-faces': fontFaces(),
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
  };
}

let pmtilesRegistered = false;

/** A street basemap from a Protomaps archive served by the app (range requests, no tile server). */
export function pmtilesStyle(archiveUrl: string, flavor: string): StyleSpecification {
  if (!pmtilesRegistered) {
    addProtocol('pmtiles', new Protocol().tile);
    pmtilesRegistered = true;
  }
  return {
    version: 8,
    name: 'Gapmap streets (self-hosted)',
    sources: {
      protomaps: {
        type: 'vector',
        url: `pmtiles://${absolute(archiveUrl)}`,
        attribution:
          '© <a href="https://openstreetmap.org/copyright">OpenStreetMap</a> contributors, Protomaps',
      },
    },
    'font-faces': fontFaces(),
    layers: protomapsLayers('protomaps', namedFlavor(flavor), {
      lang: PROTOMAPS_LANGUAGES.has(lang()) ? lang() : 'en',
    }),
  };
}

export type Basemap =
  | { kind: 'local' }
  | { kind: 'style'; url: string }
  | { kind: 'pmtiles'; url: string; flavor: string };

export function basemapOf(config: AppConfig | undefined): Basemap {
  if (config?.mapStyleUrl) return { kind: 'style', url: config.mapStyleUrl };
  if (config?.basemap)
    return { kind: 'pmtiles', url: config.basemap.url, flavor: config.basemap.flavor };
  return { kind: 'local' };
}

/** What to hand `new Map({ style })`. */
export function styleFor(basemap: Basemap): StyleSpecification | string {
  if (basemap.kind === 'style') return basemap.url;
  if (basemap.kind === 'pmtiles') return pmtilesStyle(basemap.url, basemap.flavor);
  return localStyle();
}

/**
 * After a configured style has loaded: add our fonts to whatever it declares, so the app's
 * labels draw with them even when that style has a glyph server for its own fonts. Icons a
 * style names but has no sprite for (Protomaps' shields and POI icons) are left out quietly.
 */
export function prepareStyle(map: MapLibreMap): void {
  map.setFontFaces({ ...fontFaces(), ...(map.getFontFaces() ?? {}) });
  map.on('styleimagemissing', (e) => {
    if (!map.hasImage(e.id)) map.addImage(e.id, { width: 1, height: 1, data: new Uint8Array(4) });
  });
}

/** Tower Hamlets, where the demo world lives. */
export const START_VIEW = { center: [-0.04, 51.52] as [number, number], zoom: 12.5 };
