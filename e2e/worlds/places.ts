/** Facts of the demo world the place tests rely on (fixtures/demo). */
import { DEMO_NEIGHBOURHOODS } from '../../fixtures/demo/areas.js';

export const DEMO_FIXTURE_BETHNAL = DEMO_NEIGHBOURHOODS.find((a) => a.name === 'Bethnal Green')!;
