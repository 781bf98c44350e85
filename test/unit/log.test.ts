import { describe, expect, it } from 'vitest';
import { createLogger, withRequestId } from '../../src/shared/log.js';

const capture = (level?: 'debug' | 'info' | 'warn' | 'error') => {
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l), level });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('the logger', () => {
  it('writes one JSON line per event with time, level as a word, message and fields', () => {
    const { log, lines, parsed } = capture();
    log.info('outbox run', { handled: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parsed()[0]).toMatchObject({ level: 'info', msg: 'outbox run', handled: 3 });
    expect(Date.parse(parsed()[0]!.time as string)).not.toBeNaN();
  });

  it.each([
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
    [undefined, ['info', 'warn', 'error']],
  ] as const)('at level %s writes only %j', (level, written) => {
    const { log, parsed } = capture(level);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(parsed().map((l) => l.level)).toEqual(written);
  });

  it('writes nothing when silent', () => {
    const lines: string[] = [];
    createLogger({ silent: true, write: (l) => lines.push(l) }).error('boom');
    expect(lines).toEqual([]);
  });

  it('puts the request id on every line written inside a request, however deep and after awaits', async () => {
    const { log, parsed } = capture();
    await withRequestId('req-42', async () => {
      log.info('one');
      await new Promise((r) => setTimeout(r, 1));
      await Promise.resolve().then(() => log.warn('two'));
    });
    log.info('outside');
    expect(parsed().map((l) => l.req)).toEqual(['req-42', 'req-42', undefined]);
  });

  it('redacts fields that may hold personal data, at the top and one level down', () => {
    const { log, lines, parsed } = capture();
    log.warn('mistake at a call site', {
      email: 'jan@politie.nl',
      phone: '+31612345678',
      partyName: 'Jan Jansen',
      mail: { from: 'piet@voorbeeld.nl', subject: 'Help', to: ['desk@baken.nl'] },
      contact: 12,
    });
    const out = lines.join('\n');
    for (const secret of ['jan@politie.nl', '612345678', 'Jansen', 'piet@voorbeeld.nl', 'Help', 'desk@baken.nl'])
      expect(out).not.toContain(secret);
    expect(parsed()[0]).toMatchObject({ email: '[redacted]', mail: { from: '[redacted]' }, contact: 12 });
  });

  it('writes an error as its kind, message and first frames', () => {
    const { log, parsed } = capture();
    log.error('unhandled error', { err: new TypeError('x is not a function') });
    const err = parsed()[0]!.err as Record<string, string>;
    expect(err.type).toBe('TypeError');
    expect(err.message).toBe('x is not a function');
    expect(err.stack.split(' |').length).toBeLessThanOrEqual(3);
  });
});
