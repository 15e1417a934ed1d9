import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('operations configuration', () => {
  it('refuses WORKERS above 1 without PostgreSQL', () => {
    expect(() => loadConfig({ WORKERS: '2' })).toThrow('WORKERS above 1 needs DATABASE_URL');
    expect(
      loadConfig({ WORKERS: '2', DATABASE_URL: 'postgres://u@127.0.0.1/gapmap' }).workers,
    ).toBe(2);
    expect(loadConfig({}).workers).toBe(1);
  });

  it('takes an smtp:// or smtps:// relay only, and a From from PUBLIC_URL by default', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@relay.example:465' }).smtpUrl).toBe(
      'smtps://u:p@relay.example:465',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://relay.example' })).toThrow(
      /SMTP_URL: must start smtp:\/\/ or smtps:\/\//,
    );
    expect(loadConfig({ PUBLIC_URL: 'https://gapmap.council.example' }).mailFrom).toBe(
      'Gapmap <gapmap@gapmap.council.example>',
    );
    expect(loadConfig({ MAIL_FROM: 'Gapmap\r\nBcc: x@y.org <g@council.example>' }).mailFrom).toBe(
      'Gapmap Bcc: x@y.org <g@council.example>',
    );
  });
});
