/** A small structured logger: one JSON line per event on stdout. Never pass personal data in fields. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Creates a logger writing to `write` (stdout by default); `silent` drops everything (tests). */
export function createLogger(opts: { silent?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (opts.silent) return;
      const err =
        fields.err instanceof Error
          ? { err: fields.err.message, stack: fields.err.stack?.split('\n').slice(0, 4).join(' | ') }
          : {};
      write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields, ...err }));
    };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
