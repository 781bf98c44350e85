import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received, its form body decoded. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: Record<string, string | string[]>;
  authorization: string | undefined;
}

/** An answer: status and a JSON body (or a Buffer / string body with its content type). */
export interface StandInAnswer {
  status: number;
  json?: unknown;
  body?: Buffer | string;
  contentType?: string;
  /** Never answer (the client's timeout is what is tested). */
  hang?: boolean;
}

export type StandInHandler = (req: SeenRequest) => StandInAnswer | undefined;

export interface TwilioStandIn {
  /** Give this to TWILIO_API_BASE. */
  url: string;
  requests: SeenRequest[];
  /** Answers requests whose method and path match before the defaults (latest registration first). */
  on(method: string, path: RegExp, handler: StandInHandler): void;
  /** Forget requests and handlers registered with `on`. */
  reset(): void;
  close(): Promise<void>;
}

const hex = () => randomBytes(16).toString('hex');

/**
 * A local server speaking enough of Twilio's REST API for Baken's tests (Twilio's own servers are out of reach
 * here): it checks the account's basic auth, records every request with its form body, and by default answers as
 * Twilio does for creating a call (`Calls.json`), sending a message (`Messages.json`), creating a Voice Intelligence
 * transcript (`/v2/Transcripts`), updating a call (`Calls/CA….json`), conferences' participants, and DELETE
 * (204). Tests add or override answers with `on(method, /path/, handler)`.
 */
export async function startTwilioStandIn(accountSid: string, authToken: string): Promise<TwilioStandIn> {
  const requests: SeenRequest[] = [];
  let handlers: { method: string; path: RegExp; handler: StandInHandler }[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  const defaults: StandInHandler = (r) => {
    if (r.method === 'DELETE') return { status: 204 };
    if (r.method === 'POST' && /\/Calls\.json$/.test(r.path))
      return {
        status: 201,
        json: { sid: `CA${hex()}`, status: 'queued', to: r.form.To, from: r.form.From, account_sid: accountSid },
      };
    if (r.method === 'POST' && /\/Calls\/CA[0-9a-f]{32}\.json$/.test(r.path))
      return { status: 200, json: { sid: /CA[0-9a-f]{32}/.exec(r.path)?.[0], status: r.form.Status ?? 'in-progress' } };
    if (r.method === 'POST' && /\/Messages\.json$/.test(r.path))
      return { status: 201, json: { sid: `SM${hex()}`, status: 'queued', to: r.form.To, account_sid: accountSid } };
    if (r.method === 'POST' && /\/Conferences\/[^/]+\/Participants\.json$/.test(r.path))
      return { status: 201, json: { call_sid: `CA${hex()}`, status: 'queued' } };
    if (r.method === 'POST' && r.path === '/v2/Transcripts')
      return { status: 201, json: { sid: `GT${hex()}`, status: 'queued', language_code: null } };
    return undefined;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const form: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
        const had = form[k];
        form[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
      }
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        form,
        authorization: req.headers.authorization,
      };
      requests.push(seen);
      if (req.headers.authorization !== expectedAuth) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"code":20003,"message":"Authenticate"}');
        return;
      }
      let answer: StandInAnswer | undefined;
      for (const h of [...handlers].reverse())
        if (h.method === seen.method && h.path.test(seen.path)) {
          answer = h.handler(seen);
          if (answer) break;
        }
      answer ??= defaults(seen) ?? {
        status: 404,
        json: { code: 20404, message: 'The requested resource was not found' },
      };
      if (answer.hang) return;
      if (answer.json !== undefined)
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.json));
      else res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'text/plain' }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, handler) {
      handlers.push({ method, path, handler });
    },
    reset() {
      requests.length = 0;
      handlers = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
