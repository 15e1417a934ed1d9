/** The barriers a Link Worker can record with a need (POST /needs), with the words every page uses. */
export const BARRIERS = [
  { value: 'cost', label: 'Cost' },
  { value: 'transport', label: 'Transport' },
  { value: 'language', label: 'Language' },
  { value: 'timing', label: 'Timing' },
  { value: 'childcare', label: 'Childcare' },
  { value: 'access', label: 'Disability access' },
  { value: 'confidence', label: 'Confidence' },
  { value: 'digital', label: 'Digital' },
] as const;
