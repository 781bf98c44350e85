import { describe, expect, it } from 'vitest';
import { acknowledgementMail, describeHours, formatPromise } from '../../src/email/outbound/acknowledgement.js';
import { parseOfficeHours } from '../../src/office-hours/calendar.js';

describe('the acknowledgement text', () => {
  it.each([
    ['mon-fri 09:00-17:00', 'maandag t/m vrijdag 09:00–17:00', 'Monday to Friday 09:00–17:00'],
    [
      'mon-thu 09:00-17:00, fri 09:00-16:00',
      'maandag t/m donderdag 09:00–17:00; vrijdag 09:00–16:00',
      'Monday to Thursday 09:00–17:00; Friday 09:00–16:00',
    ],
    [
      'mon 09:00-12:00, mon 13:00-17:00, tue 09:00-12:00, tue 13:00-17:00',
      'maandag en dinsdag 09:00–12:00, 13:00–17:00',
      'Monday and Tuesday 09:00–12:00, 13:00–17:00',
    ],
    [
      'mon 09:00-17:00, wed 09:00-17:00',
      'maandag 09:00–17:00; woensdag 09:00–17:00',
      'Monday 09:00–17:00; Wednesday 09:00–17:00',
    ],
  ])('describes %s in Dutch and English', (spec, nl, en) => {
    const hours = parseOfficeHours(spec);
    expect(describeHours(hours, 'nl')).toBe(nl);
    expect(describeHours(hours, 'en')).toBe(en);
  });

  it("formats the promise in the desk's zone, across the change to winter time", () => {
    expect(formatPromise(new Date('2026-10-26T12:00:00Z'), 'Europe/Amsterdam', 'nl')).toBe(
      'maandag 26 oktober om 13:00',
    );
    expect(formatPromise(new Date('2026-10-23T11:00:00Z'), 'Europe/Amsterdam', 'en')).toBe(
      'Friday 23 October at 13:00',
    );
  });

  it('names the reference and the promise in both languages, and says when it arrived after hours', () => {
    const mail = acknowledgementMail({
      reference: 'HD-2026-000042',
      promiseAt: new Date('2026-11-24T12:00:00Z'),
      zone: 'Europe/Amsterdam',
      hours: parseOfficeHours('mon-fri 09:00-17:00'),
      openNow: false,
    });
    expect(mail.subject).toBe('Ontvangen / Received [#HD-2026-000042]');
    expect(mail.text).toContain('referentie HD-2026-000042');
    expect(mail.text).toContain('U hoort uiterlijk dinsdag 24 november om 13:00 van ons.');
    expect(mail.text).toContain('You will hear from us by Tuesday 24 November at 13:00.');
    expect(mail.text).toContain('buiten onze openingstijden');
    expect(mail.text).toContain('outside our opening hours');
    expect(mail.text).toContain('112');
  });

  it('promises nothing it cannot keep when the calendar has no opening ahead', () => {
    const mail = acknowledgementMail({
      reference: 'HD-2026-000042',
      promiseAt: null,
      zone: 'Europe/Amsterdam',
      hours: [],
      openNow: false,
    });
    expect(mail.text).toContain('Wij antwoorden zo snel mogelijk.');
    expect(mail.text).toContain('We will answer as soon as we can.');
  });
});
