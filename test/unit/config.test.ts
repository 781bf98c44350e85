import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('reads DNS_SERVERS: the system resolver by default, off, or addresses with optional ports', () => {
    expect(loadConfig({}).mail.dnsServers).toEqual([]);
    expect(loadConfig({}).mail.authTimeoutMs).toBe(4000);
    expect(loadConfig({ DNS_SERVERS: 'off' }).mail.dnsServers).toBeNull();
    expect(
      loadConfig({ DNS_SERVERS: '192.0.2.1, 127.0.0.1:5353, 2001:db8::1, [::1]:5353', MAIL_AUTH_TIMEOUT_MS: '1500' })
        .mail,
    ).toMatchObject({ dnsServers: ['192.0.2.1', '127.0.0.1:5353', '2001:db8::1', '[::1]:5353'], authTimeoutMs: 1500 });
    for (const bad of ['dns.example.net', '127.0.0.1:99999', '300.1.1.1', '[::1]', '127.0.0.1:53; rm -rf']) {
      expect(() => loadConfig({ DNS_SERVERS: bad }), bad).toThrow(/DNS_SERVERS: .* is not an IP address/);
    }
    expect(() => loadConfig({ MAIL_AUTH_TIMEOUT_MS: '60000' })).toThrow(/MAIL_AUTH_TIMEOUT_MS must be between/);
  });

  it('has working defaults for a newcomer', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databasePath).toBe('data/baken.sqlite');
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.office.timeZone).toBe('Europe/Amsterdam');
    expect(c.office.hours).toHaveLength(5);
    expect(c.defaultLocale).toBe('nl');
  });

  it.each([
    ['nothing set (npm start)', {}, {}, false],
    ['DEV_TOOLS=true', { DEV_TOOLS: 'true' }, {}, true],
    ['DEV_TOOLS=false', { DEV_TOOLS: 'false' }, {}, false],
    ['--demo', {}, { demo: true }, true],
    ['--demo with DEV_TOOLS=false', { DEV_TOOLS: 'false' }, { demo: true }, false],
    ['DEV_TOOLS=true beside a real TWILIO_AUTH_TOKEN', { DEV_TOOLS: 'true', TWILIO_AUTH_TOKEN: 'real' }, {}, false],
    ['--demo beside a real TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: 'real' }, { demo: true }, false],
  ])('turns the development tools on only when asked: %s', (_what, env, opts, on) => {
    expect(loadConfig(env, opts).devTools).toBe(on);
  });

  it('reports every problem at once, one line each, without echoing secrets', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        OFFICE_TIME_ZONE: 'Mars/Olympus',
        OFFICE_HOURS: 'someday 9-5',
        DEFAULT_LOCALE: 'fr',
        DATA_KEY: 'c2hvcnQ=',
        NODE_ENV: 'production',
        SMTP_LISTEN_PORT: '2525',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      for (const name of [
        'PORT',
        'OFFICE_TIME_ZONE',
        'OFFICE_HOURS',
        'DEFAULT_LOCALE',
        'DATA_KEY',
        'TWILIO_AUTH_TOKEN',
        'HELPDESK_ADDRESSES',
      ]) {
        expect(
          problems.some((p) => p.startsWith(name)),
          name,
        ).toBe(true);
      }
      expect(problems.join('\n')).not.toContain('c2hvcnQ=');
    }
  });

  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it.each(['client:desk-1', 'client:anna.b'])(
    'refuses the identity %s in TWILIO_AGENT_NUMBERS with a clear line',
    (id) => {
      const problems = problemsOf({ TWILIO_AGENT_NUMBERS: `+31201234567,${id}` });
      expect(problems).toEqual([
        `TWILIO_AGENT_NUMBERS: "${id}" has a "." or "-": the Voice SDK accepts only letters, digits and _ in an identity`,
      ]);
    },
  );

  it('keeps desk phones and plain identities in TWILIO_AGENT_NUMBERS', () => {
    expect(loadConfig({ TWILIO_AGENT_NUMBERS: '+31201234567, client:desk_1' }).twilio.agentTargets).toEqual([
      '+31201234567',
      'client:desk_1',
    ]);
  });

  it('takes the softphone settings together, and refuses a part of them or a malformed one, one line each', () => {
    const good = {
      TWILIO_API_KEY: `SK${'a'.repeat(32)}`,
      TWILIO_API_SECRET: 'secret-0123456789abcdef',
      TWILIO_TWIML_APP_SID: `AP${'b'.repeat(32)}`,
      TWILIO_CALLER_ID: '+31334481186',
    };
    expect(loadConfig(good).twilio).toMatchObject({
      apiKey: good.TWILIO_API_KEY,
      twimlAppSid: good.TWILIO_TWIML_APP_SID,
      callerId: '+31334481186',
    });
    expect(problemsOf({ TWILIO_API_KEY: good.TWILIO_API_KEY })).toEqual([
      'TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_TWIML_APP_SID: the softphone needs all three, or none',
    ]);
    const bad = problemsOf({ ...good, TWILIO_API_KEY: 'AC123', TWILIO_TWIML_APP_SID: 'app', TWILIO_CALLER_ID: '0612' });
    for (const name of ['TWILIO_API_KEY', 'TWILIO_TWIML_APP_SID', 'TWILIO_CALLER_ID'])
      expect(
        bad.some((p) => p.startsWith(name)),
        name,
      ).toBe(true);
    expect(bad.join('\n')).not.toContain(good.TWILIO_API_SECRET);
  });

  it('takes a postgres:// DATABASE_URL as PostgreSQL, and refuses one without a database without repeating it', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://baken:secret@db.example:5432/baken' });
    expect(c.databaseUrl).toBe('postgres://baken:secret@db.example:5432/baken');
    expect(c.databasePath).toBe('');
    expect(loadConfig({}).databaseUrl).toBeNull();
    const e = (() => {
      try {
        loadConfig({ DATABASE_URL: 'postgres://baken:secret@db.example' });
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e?.message).toMatch(/PostgreSQL URL/);
    expect(e?.message).not.toContain('secret');
  });

  it('reads per-weekday office hours', () => {
    const c = loadConfig({ OFFICE_HOURS: 'mon-thu 09:00-17:00, fri 09:00-16:00' });
    expect(c.office.hours.find((h) => h.weekday === 5)).toMatchObject({ start: 540, end: 960 });
  });
});
