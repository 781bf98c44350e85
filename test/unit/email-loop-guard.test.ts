import { describe, expect, it } from 'vitest';
import {
  acknowledgedRecently,
  noAcknowledgementReason,
  type LoopGuardInput,
} from '../../src/email/inbound/loop-guard.js';

const base: LoopGuardInput = {
  headers: {},
  from: 'jan@politie.nl',
  envelopeFrom: 'jan@politie.nl',
  ownAddresses: ['meldpunt@baken.nl'],
};

describe('the loop guard', () => {
  it.each([
    ['a person writing', {}, null],
    ['Auto-Submitted: no', { headers: { 'auto-submitted': 'no' } }, null],
    ['Auto-Submitted: NO (with a comment)', { headers: { 'auto-submitted': 'No (comment)' } }, null],
    ['Auto-Submitted: auto-generated', { headers: { 'auto-submitted': 'auto-generated' } }, 'auto-submitted'],
    ['Auto-Submitted: auto-replied', { headers: { 'auto-submitted': 'Auto-Replied' } }, 'auto-submitted'],
    ['Precedence: bulk', { headers: { precedence: 'bulk' } }, 'precedence'],
    ['Precedence: list', { headers: { precedence: 'List' } }, 'precedence'],
    ['Precedence: junk', { headers: { precedence: 'junk' } }, 'precedence'],
    ['Precedence: first-class', { headers: { precedence: 'first-class' } }, null],
    ['a List-Id', { headers: { 'list-id': '<news.example.org>' } }, 'mailing-list'],
    ['a List-Unsubscribe', { headers: { 'list-unsubscribe': '<mailto:u@x>' } }, 'mailing-list'],
    ['X-Autoreply', { headers: { 'x-autoreply': 'yes' } }, 'auto-reply'],
    ['X-Auto-Response-Suppress: OOF', { headers: { 'x-auto-response-suppress': 'DR, OOF' } }, 'auto-reply'],
    ['a delivery report', { headers: { 'content-type': 'multipart/report; report-type=delivery-status' } }, 'report'],
    ['a bounce (MAIL FROM:<>)', { envelopeFrom: '' }, 'bounce'],
    ['no sender', { from: null }, 'no-sender'],
    ['mailer-daemon', { from: 'mailer-daemon@mx.example.com' }, 'robot-sender'],
    ['postmaster', { from: 'postmaster@example.com' }, 'robot-sender'],
    ['no-reply', { from: 'no-reply@example.com' }, 'robot-sender'],
    ['noreply+tag', { from: 'noreply+abc@example.com' }, 'robot-sender'],
    ['donotreply', { from: 'donotreply@example.com' }, 'robot-sender'],
    ['a person called Noreen', { from: 'noreen@example.com' }, null],
    ['the desk itself', { from: 'meldpunt@baken.nl' }, 'own-address'],
    ['our own mail coming back', { ownMessage: true }, 'own-message'],
    ["a sender refused by its domain's DMARC policy", { senderRefused: true }, 'forged-sender'],
    ['a verified or unverified sender', { senderRefused: false }, null],
  ] as const)('%s → %s', (_name, change, expected) => {
    expect(noAcknowledgementReason({ ...base, ...change } as LoopGuardInput)).toBe(expected);
  });
});

describe('one acknowledgement per sender per 24 hours', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it.each([
    [null, false],
    ['2026-11-22T12:00:01Z', true],
    ['2026-11-22T12:00:00Z', false],
    ['2026-11-23T11:59:00Z', true],
    ['2026-11-20T00:00:00Z', false],
  ])('last acknowledgement at %s → recently: %s', (last, expected) => {
    expect(acknowledgedRecently(last, now)).toBe(expected);
  });
});
