/** The barriers a Link Worker can record with a need (POST /needs), with the words every page uses. */
import messages from '../i18n/messages/flag.js';
import { labelsIn } from './i18n/language.js';
const LABELS = labelsIn(messages, {
  cost: 'barrierCost',
  transport: 'barrierTransport',
  language: 'barrierLanguage',
  timing: 'barrierTiming',
  childcare: 'barrierChildcare',
  access: 'barrierAccess',
  confidence: 'barrierConfidence',
  digital: 'barrierDigital',
});

/** Each barrier's code and its words in the chosen language (`label` is read when shown). */
export const BARRIERS = (Object.keys(LABELS) as (keyof typeof LABELS)[]).map((value) => ({
  value,
  get label() {
    return LABELS[value];
  },
}));
