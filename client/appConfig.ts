/** Public runtime settings from the server (GET /api/v1/config), loaded once and shared. */
import { createResource } from 'solid-js';
import { api } from './api.js';

export interface AppConfig {
  /** A MapLibre style URL set by the deployment (MAP_STYLE_URL); null means the local, offline style. */
  mapStyleUrl: string | null;
  /** Counts below this are shown as "<threshold". */
  suppressionThreshold: number;
}

const [appConfig] = createResource(() => api.get<AppConfig>('/api/v1/config'));
export { appConfig };
