import http from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_MAX_BYTES } from '../../../src/calls/calls.webhooks.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

// A body refused for its size before it was read leaves the rest of it on the connection: a keep-alive client
// that sends its next request there would have it read as the remainder. The 413 says `Connection: close` and
// the server closes the connection, so the client opens a new one.
const TOKEN = 'test-twilio-auth-token-0123456789';

let t: TestApp;
let server: ServerType;
let port: number;
beforeEach(async () => {
  t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}` });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

const cases = [
  ['a Twilio webhook', '/twilio/voice', WEBHOOK_MAX_BYTES + 1],
  ['a form of the app', '/contacts', 1024 * 1024 + 1],
] as const;

describe('a request body too large', () => {
  it.each(cases)(
    'to %s is answered 413 with Connection: close, and the server closes that connection',
    async (_n, path, size) => {
      const body = `x=${'a'.repeat(size)}`;
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => {
        text += d.toString('latin1');
      });
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => undefined);
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      socket.write(body);
      await closed;
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      expect(head).toMatch(/\r\nconnection: close\r\n/i);
      // One answer only: the rest of the body was never taken for a request of its own.
      expect(text.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(1);
    },
  );

  it.each(cases)('to %s leaves a keep-alive client able to send its next request', async (_n, path, size) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, p: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: '127.0.0.1',
            port,
            method,
            path: p,
            headers: body
              ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }
              : {},
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              text += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const first = await send('POST', path, `x=${'a'.repeat(size)}`);
      expect(first.status).toBe(413);
      expect(first.connection).toBe('close');
      const second = await send('GET', '/healthz');
      expect(second.status).toBe(200);
      expect(JSON.parse(second.text)).toEqual({ status: 'ok' });
    } finally {
      agent.destroy();
    }
  });
});
