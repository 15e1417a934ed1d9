/** Words of the listing checks (kept together for the translation catalogues). */
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "1 Dec 2026": the app's date format (client/ui/wording.ts formatDate), in UK time. */
export function formatDay(value: Date): string {
  return dayFormat.format(value);
}

export const CHECK_ANSWERS = ['still_right', 'needs_changes', 'has_ended'] as const;
export type CheckAnswer = (typeof CHECK_ANSWERS)[number];

export const CHECK_WORDS = {
  title: 'Listing check',
  answers: {
    still_right: 'Still right',
    needs_changes: 'Needs changes',
    has_ended: 'Has ended',
  } satisfies Record<CheckAnswer, string>,
  hints: {
    still_right: 'Nothing has changed: mark it as checked today.',
    needs_changes: 'Something is out of date: we will mark it for your organisation to edit.',
    has_ended: 'It no longer runs: take it out of the directory.',
  } satisfies Record<CheckAnswer, string>,
  legend: 'Is this listing still right? (this link works once)',
  chooseOne: 'Choose one of the buttons.',
  link: {
    what: 'Listing check link',
    used: 'This link has already been used. Sign in to Gapmap to see or change the listing.',
    expired: 'This link has expired. Sign in to Gapmap to check the listing.',
  },
};
