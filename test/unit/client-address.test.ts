import { describe, expect, it } from 'vitest';
import { clientAddressResolver, parseTrustProxy } from '../../src/http/client-address.js';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('the client address behind a trusted proxy (TRUST_PROXY)', () => {
  it.each([
    // [TRUST_PROXY, socket, X-Forwarded-For, client]
    [undefined, '10.0.0.2', '198.51.100.7', '10.0.0.2'],
    [undefined, '::ffff:192.0.2.9', undefined, '192.0.2.9'],
    ['1', '10.0.0.2', '198.51.100.7', '198.51.100.7'],
    ['1', '10.0.0.2', '203.0.113.66, 198.51.100.7', '198.51.100.7'],
    ['2', '10.0.0.2', '203.0.113.66, 198.51.100.7, 10.0.0.1', '198.51.100.7'],
    ['2', '10.0.0.2', '198.51.100.7', '198.51.100.7'],
    ['1', '10.0.0.2', undefined, '10.0.0.2'],
    ['1', '10.0.0.2', '', '10.0.0.2'],
    ['1', '10.0.0.2', 'not-an-address', '10.0.0.2'],
    ['1', '10.0.0.2', '<script>, ', '10.0.0.2'],
    ['1', '10.0.0.2', '198.51.100.7:5123', '198.51.100.7'],
    ['1', '10.0.0.2', '[2001:DB8::7]:443', '2001:db8::7'],
    ['10.0.0.2', '10.0.0.2', '198.51.100.7', '198.51.100.7'],
    ['10.0.0.2', '::ffff:10.0.0.2', '198.51.100.7', '198.51.100.7'],
    // a forged header from a client that is not the proxy changes nothing
    ['10.0.0.2', '203.0.113.5', '198.51.100.7', '203.0.113.5'],
    ['10.0.0.0/8', '10.0.0.2', '203.0.113.66, 198.51.100.7, 10.9.9.9', '198.51.100.7'],
    ['10.0.0.0/8, 2001:db8::/32', '2001:db8::1', '198.51.100.7', '198.51.100.7'],
    ['10.0.0.0/8', '10.0.0.2', '10.0.0.3', '10.0.0.3'],
  ])('TRUST_PROXY=%s, socket %s, X-Forwarded-For %s: the client is %s', (setting, socket, xff, client) => {
    expect(clientAddressResolver(parseTrustProxy(setting))(socket, xff)).toBe(client);
  });

  it.each(['0', '11', 'yes', 'true', '10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/2', '::1/129'])(
    'refuses TRUST_PROXY=%s with one line naming the setting',
    (bad) => {
      let err: unknown;
      try {
        loadConfig({ TRUST_PROXY: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(1);
      expect((err as ConfigError).problems[0]).toMatch(/^TRUST_PROXY: /);
    },
  );

  it('trusts no forwarded address unless TRUST_PROXY is set', () => {
    expect(loadConfig({}).trustProxy).toEqual({ kind: 'none' });
    expect(loadConfig({ TRUST_PROXY: ' ' }).trustProxy).toEqual({ kind: 'none' });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
  });

  it('reads LOG_LEVEL and METRICS_TOKEN, refusing nonsense without repeating a token', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16 to 256.*got "\*\*\*"/);
  });
});
