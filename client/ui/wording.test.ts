import { describe, expect, it } from 'vitest';
import {
  accessibilityLabel,
  areaKindName,
  fieldInWords,
  formatDate,
  formatDateTime,
  languageList,
  languageName,
} from './wording.js';

describe('wording', () => {
  it('names languages in words', () => {
    expect(languageName('bn')).toBe('Bengali');
    expect(languageName('so')).toBe('Somali');
    expect(languageList(['en', 'pl'])).toBe('English, Polish');
    expect(languageName('not a code!')).toBe('not a code!');
  });
  it('names accessibility features in words', () => {
    expect(accessibilityLabel('step_free')).toBe('Step-free access');
    expect(accessibilityLabel('hearing_loop')).toBe('Hearing loop');
    expect(accessibilityLabel('ramp_at_back')).toBe('Ramp at back');
  });
  it('names kinds of area in words', () => {
    expect(areaKindName('lad')).toBe('local authority');
    expect(areaKindName('lsoa')).toBe('small area (LSOA)');
    expect(areaKindName('health_board')).toBe('health board');
  });
  it('has one date format', () => {
    expect(formatDate('2026-12-01')).toBe('1 Dec 2026');
    expect(formatDate('2026-12-01T09:30:00Z')).toBe('1 Dec 2026');
    expect(formatDateTime('2026-12-01T09:30:00Z')).toMatch(/^1 Dec 2026,? \d{2}:30$/);
  });
  it('names fields in words', () => {
    expect(fieldInWords('schedules.0.end')).toBe('session 1 end');
    expect(fieldInWords('locations.1.postcode')).toBe('venue 2 postcode');
    expect(fieldInWords('referralEmail')).toBe('referral email');
    expect(fieldInWords('contact.phone')).toBe('contact phone');
  });
});

describe('wording follows the chosen language', () => {
  it('names languages, features, dates and numbers in Bengali and Arabic', async () => {
    const { chooseLanguage } = await import('../i18n/language.js');
    const { formatNumber } = await import('./wording.js');
    try {
      chooseLanguage('bn');
      expect(languageName('so')).toBe('সোমালি');
      expect(accessibilityLabel('step_free')).toBe('সিঁড়ি ছাড়া প্রবেশ');
      expect(formatNumber(1234)).toBe('১,২৩৪');
      chooseLanguage('ar');
      expect(languageName('en')).toBe('الإنجليزية');
      expect(formatDate('2026-12-01')).toMatch(/ديسمبر/);
      expect(fieldInWords('schedules.0.end')).toMatch(/^الجلسة/);
    } finally {
      chooseLanguage('en');
    }
    expect(languageName('bn')).toBe('Bengali');
  });
});
