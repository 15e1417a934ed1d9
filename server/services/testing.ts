/** Test helpers for the directory: a valid service body to vary per test. */
export function serviceBody(overrides: Record<string, unknown> = {}) {
  return {
    name: "Men's Shed Bethnal Green",
    summary: 'Woodwork, tea and talk for men over 50. Just turn up.',
    description: 'A friendly workshop with tools and a kettle.',
    tags: ['mens-groups'],
    cost: { kind: 'free', text: null },
    ageMin: 50,
    ageMax: null,
    languages: ['en', 'bn'],
    format: 'drop_in',
    referralRoute: 'self',
    accepting: 'open',
    capacity: 12,
    locations: [
      {
        name: "St Margaret's Hall",
        address: '12 Old Ford Road, London',
        postcode: 'e2 9pl',
        lat: 51.5316,
        lng: -0.0517,
        bookable: true,
        bookingInfo: 'Ring the office',
      },
    ],
    schedules: [{ day: 2, start: '10:00', end: '12:00', frequency: 'weekly', locationIndex: 0 }],
    ...overrides,
  };
}
