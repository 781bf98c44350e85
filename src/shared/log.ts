import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** A structured logger: one JSON line per event (pino). Never pass personal data in fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What every line written while a request is being served carries (the request id). */
const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with `requestId` on every log line written during it, however deep the call. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}

/**
 * Field names that may carry personal data: written as "[redacted]" wherever a call site passes them by mistake,
 * at the top level or one level down. Call sites log ids, counts and codes; this is the net under them.
 */
const REDACTED_FIELDS = [
  'name',
  'partyName',
  'partyOrg',
  'email',
  'phone',
  'from',
  'to',
  'cc',
  'replyTo',
  'address',
  'addresses',
  'recipient',
  'recipients',
  'sender',
  'subject',
  'text',
  'body',
  'html',
  'notes',
  'note',
  'transcript',
  'transcription',
  'password',
  'token',
  'secret',
  'cookie',
  'authorization',
  'caller',
  'Caller',
  'From',
  'To',
  'query',
  'q',
];
const redactPaths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]);

/**
 * Creates a logger writing to `write` (stdout by default) from `level` up (LOG_LEVEL; info by default); `silent`
 * drops everything (tests). Lines are pino's JSON: `time`, `level` as a word, `msg`, the fields, and `req` (the
 * request id) inside a request.
 */
export function createLogger(
  opts: { silent?: boolean; write?: (line: string) => void; level?: pino.LevelWithSilent } = {},
): Logger {
  const write = opts.write;
  const destination = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 1, sync: true });
  const p = pino(
    {
      level: opts.silent ? 'silent' : (opts.level ?? 'info'),
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { req: scope.requestId } : {};
      },
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        // An error's kind, message and first frames only: a message may quote input, never a whole stack dump.
        err: (e: unknown) =>
          e instanceof Error
            ? { type: e.name, message: e.message.slice(0, 300), stack: e.stack?.split('\n').slice(1, 4).join(' |') }
            : e,
      },
    },
    destination,
  );
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    if (fields) p[level](fields, msg);
    else p[level](msg);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
