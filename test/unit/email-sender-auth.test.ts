import { describe, expect, it } from 'vitest';
import {
  alignedDomain,
  type AuthFacts,
  markOf,
  notVerified,
  senderVerdict,
  worseMark,
} from '../../src/email/inbound/sender-auth.js';
import { isInternalAddress, spfClient } from '../../src/email/inbound/sender-check.js';

const facts = (f: Partial<AuthFacts> = {}): AuthFacts => ({
  fromHeaders: 1,
  fromDomains: ['politie.nl'],
  spf: { result: 'none', domain: 'politie.nl' },
  dkim: [],
  arc: null,
  dmarc: { result: 'none', policy: null },
  ...f,
});
const sig = (domain: string, result: string, aligned: boolean, comment?: string) => ({
  domain,
  result,
  aligned,
  comment,
});

describe('the sender verdict', () => {
  it.each([
    ['DMARC passes', { dmarc: { result: 'pass', policy: 'reject' } }, 'verified', 'dmarc-pass', false],
    [
      'DMARC fails under p=reject',
      { dkim: [sig('politie.nl', 'fail', true)], dmarc: { result: 'fail', policy: 'reject' } },
      'failed',
      'dmarc-fail',
      true,
    ],
    [
      'DMARC fails under p=quarantine',
      { dmarc: { result: 'fail', policy: 'quarantine' } },
      'failed',
      'dmarc-fail',
      true,
    ],
    [
      'DMARC fails under p=none (monitoring only)',
      { dmarc: { result: 'fail', policy: 'none' } },
      'failed',
      'dmarc-fail',
      false,
    ],
    [
      'DMARC fails but a trusted forwarder sealed an earlier pass (ARC)',
      {
        dmarc: { result: 'fail', policy: 'reject' },
        arc: { result: 'pass', sealer: 'google.com', dmarc: 'pass' },
      },
      'unverified',
      'arc-forwarded',
      false,
    ],
    [
      'DMARC fails and an unknown sealer vouches for it',
      {
        dmarc: { result: 'fail', policy: 'reject' },
        arc: { result: 'pass', sealer: 'google.com.evil.example', dmarc: 'pass' },
      },
      'failed',
      'dmarc-fail',
      true,
    ],
    [
      'no DMARC record, an aligned signature passes',
      { dkim: [sig('politie.nl', 'pass', true)] },
      'verified',
      'dkim-aligned',
      false,
    ],
    [
      'no DMARC record, only a third party signed',
      { dkim: [sig('mailer.example', 'pass', false)] },
      'unverified',
      'no-policy',
      false,
    ],
    [
      'no DMARC record, SPF passes for a subdomain of the From domain',
      { spf: { result: 'pass', domain: 'bounce.politie.nl' } },
      'verified',
      'spf-aligned',
      false,
    ],
    [
      'no DMARC record, SPF passes for a parent of the From domain (no public-suffix list: not trusted)',
      { fromDomains: ['politie.nl'], spf: { result: 'pass', domain: 'nl' } },
      'unverified',
      'no-policy',
      false,
    ],
    [
      'no DMARC record, the domain signature is bad',
      { dkim: [sig('politie.nl', 'fail', true)] },
      'failed',
      'dkim-fail',
      false,
    ],
    [
      'no DMARC record, the body changed after signing',
      { dkim: [sig('politie.nl', 'neutral', true, 'body hash did not verify')] },
      'failed',
      'dkim-fail',
      false,
    ],
    [
      'no DMARC record, SPF fails for the From domain',
      { spf: { result: 'fail', domain: 'politie.nl' } },
      'failed',
      'spf-fail',
      false,
    ],
    ['nothing signed, nothing published', {}, 'unverified', 'no-policy', false],
    ['DNS trouble', { dmarc: { result: 'temperror', policy: null } }, 'unverified', 'dns-error', false],
    ['ten From lines', { fromHeaders: 10, fromDomains: Array(10).fill('politie.nl') }, 'failed', 'several-from', true],
    ['no From at all', { fromHeaders: 0, fromDomains: [] }, 'unverified', 'no-from', false],
    [
      'one From line naming two domains',
      { fromDomains: ['politie.nl', 'evil.example'] },
      'unverified',
      'several-authors',
      false,
    ],
  ] as const)('%s → %s (%s)', (_name, f, verdict, reason, refuse) => {
    const v = senderVerdict(facts(f as Partial<AuthFacts>));
    expect(v).toMatchObject({ verdict, reason, refuse });
  });

  it('names the From domain only when there is exactly one', () => {
    expect(senderVerdict(facts({ dmarc: { result: 'pass', policy: 'reject' } })).domain).toBe('politie.nl');
    expect(senderVerdict(facts({ fromHeaders: 2, fromDomains: ['a.nl', 'b.nl'] })).domain).toBeNull();
  });

  it('reports each method, and "not-checked" for SPF over IMAP', () => {
    const v = senderVerdict(
      facts({ spf: null, dkim: [sig('politie.nl', 'pass', true)], dmarc: { result: 'pass', policy: 'reject' } }),
    );
    expect(v).toMatchObject({ spf: 'not-checked', dkim: 'pass', dmarc: 'pass', arc: 'none', policy: 'reject' });
  });

  it('gives "could not be verified" without refusing anything when no check ran', () => {
    expect(notVerified('timeout')).toMatchObject({
      verdict: 'unverified',
      reason: 'timeout',
      refuse: false,
      dkim: 'not-checked',
    });
  });
});

describe('the contact mark', () => {
  it.each([
    [null, 'verified', 'verified'],
    ['verified', 'unverified', 'unverified'],
    ['unverified', 'verified', 'unverified'],
    ['failed', 'verified', 'failed'],
    ['failed', 'refused', 'refused'],
    ['refused', 'verified', 'refused'],
    ['something old', 'failed', 'failed'],
  ] as const)('%s then %s → %s', (current, next, expected) => {
    expect(worseMark(current, next)).toBe(expected);
  });

  it('marks a refused message as refused and any other by its verdict', () => {
    expect(markOf(senderVerdict(facts({ fromHeaders: 3, fromDomains: ['a.nl', 'a.nl', 'a.nl'] })))).toBe('refused');
    expect(markOf(senderVerdict(facts({ dmarc: { result: 'pass', policy: null } })))).toBe('verified');
  });
});

describe('domain alignment', () => {
  it.each([
    ['politie.nl', 'politie.nl', true],
    ['mail.politie.nl', 'politie.nl', true],
    ['POLITIE.NL.', 'politie.nl', true],
    ['nl', 'politie.nl', false],
    ['notpolitie.nl', 'politie.nl', false],
    ['politie.nl.evil.example', 'politie.nl', false],
  ] as const)('%s under %s → %s', (sub, domain, expected) => {
    expect(alignedDomain(sub, domain)).toBe(expected);
  });
});

describe('whose address SPF checks', () => {
  const received = (ip: string) =>
    `Received: from mx.politie.nl (mx.politie.nl [${ip}])\r\n\tby relay.baken.nl with ESMTPS id 1; Mon, 23 Nov 2026 10:00:00 +0000`;

  it.each([
    [
      'a public client is the sending server',
      { ip: '198.51.100.7', helo: 'mx.example' },
      null,
      { ip: '198.51.100.7', helo: 'mx.example' },
    ],
    [
      'the relay on loopback: the client it recorded',
      { ip: '127.0.0.1' },
      received('192.0.2.10'),
      { ip: '192.0.2.10', helo: 'mx.politie.nl' },
    ],
    [
      'the relay on an internal network',
      { ip: '10.1.2.3' },
      received('192.0.2.10'),
      { ip: '192.0.2.10', helo: 'mx.politie.nl' },
    ],
    [
      'an IPv4-mapped loopback relay',
      { ip: '::ffff:127.0.0.1' },
      received('192.0.2.10'),
      { ip: '192.0.2.10', helo: 'mx.politie.nl' },
    ],
    [
      "an IPv6 client in the relay's header",
      { ip: '::1' },
      received('IPv6:2001:db8::5'),
      { ip: '2001:db8::5', helo: 'mx.politie.nl' },
    ],
    ['the relay recorded an internal client', { ip: '127.0.0.1' }, received('192.168.1.5'), null],
    [
      'the relay recorded no address',
      { ip: '127.0.0.1' },
      'Received: by relay.baken.nl; Mon, 23 Nov 2026 10:00:00 +0000',
      null,
    ],
    ['the relay wrote no Received header', { ip: '127.0.0.1' }, null, null],
    ['IMAP: no connecting address', {}, received('192.0.2.10'), null],
  ] as const)('%s', (_name, arrival, header, expected) => {
    expect(spfClient(arrival, header)).toEqual(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['100.64.0.1', true],
    ['169.254.1.1', true],
    ['192.0.2.10', false],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['2001:db8::1', false],
  ] as const)('%s is internal: %s', (ip, expected) => {
    expect(isInternalAddress(ip)).toBe(expected);
  });
});
