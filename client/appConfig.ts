/** Public runtime settings from the server (GET /api/v1/config), loaded once and shared. */
import { createResource } from 'solid-js';
import { api } from './api.js';

export interface AppConfig {
  /** A MapLibre style URL set by the deployment (MAP_STYLE_URL); null means the local, offline style. */
  mapStyleUrl: string | null;
  /** A self-hosted Protomaps archive (MAP_PMTILES_PATH), served by the app; null when unset or MAP_STYLE_URL is set. */
  basemap: { url: string; flavor: string } | null;
  /** The directory, places and the service map are readable signed out (PUBLIC_DIRECTORY=1). */
  publicDirectory: boolean;
  /** Counts below this are shown as "<threshold". */
  suppressionThreshold: number;
}

const [appConfig] = createResource(() => api.get<AppConfig>('/api/v1/config'));
export { appConfig };
