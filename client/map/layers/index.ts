/**
 * The map's layers, in one list: MapPage offers a switch for each layer the user's role may see
 * and renders its panel inside the map context while it is on.
 *
 * To add a layer: write `client/map/layers/<name>Layer.ts` (sources, MapLibre layers placed with
 * `addLayerAt(map, layer, LAYER_Z.<slot>)`, setData helpers) and a panel component that calls
 * `useMapView()` for `{ map, bbox, zoom, alive, setLoading }`, adds its layer in `onMount`,
 * removes it in `onCleanup` (only if `alive()`), loads data with `createViewportLoader`, and
 * renders its legend and list twin. Then add an entry here.
 */
import type { Component } from 'solid-js';
import type { NavRoles } from '../../shell/navigation.js';
import ProvisionPanel from './ProvisionPanel.jsx';
import AreaPanel from './AreaPanel.jsx';
import GapPanel from './GapPanel.jsx';
import NeedPanel from './NeedPanel.jsx';
import PlaceNamesPanel from './PlaceNamesPanel.jsx';
import type mapMessages from '../../../i18n/messages/map.js';

export interface MapLayerEntry {
  id: string;
  /** The switch's label: a key of i18n/messages/map.ts. */
  label: keyof typeof mapMessages.en & string;
  /** Who may switch it on, with the navigation's rules (admin sees everything). */
  roles: NavRoles;
  /** On when the map opens. */
  defaultOn: boolean;
  panel: Component;
}

export const mapLayers: MapLayerEntry[] = [
  // Area boundaries are for signed-in users (GET /areas.geojson); a public map has no names yet.
  {
    id: 'places',
    label: 'layerPlaces',
    roles: 'signed-in',
    defaultOn: true,
    panel: PlaceNamesPanel,
  },
  {
    id: 'provision',
    label: 'layerServices',
    roles: 'public',
    defaultOn: true,
    panel: ProvisionPanel,
  },
  { id: 'needs', label: 'layerNeeds', roles: 'signed-in', defaultOn: false, panel: NeedPanel },
  { id: 'gaps', label: 'layerGaps', roles: 'signed-in', defaultOn: false, panel: GapPanel },
  { id: 'areas', label: 'layerAreas', roles: 'signed-in', defaultOn: false, panel: AreaPanel },
];
