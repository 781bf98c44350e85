/**
 * Parser process entry: parses and sanitises one raw message at a time, off the main process, so that no mail
 * can stall the event loop (webhooks, pages, the SMTP listener keep being answered) and no mail can take the
 * desk down. The pool (parse-pool.ts) gives each message a time limit and the process a memory limit
 * (--max-old-space-size), and replaces a process that went beyond either. Bundled as dist/mail-worker.js by
 * `npm run build`.
 */
import { parseMail } from './mail-parse.js';

interface Task {
  id: number;
  raw: Uint8Array;
}

const send = (m: unknown) => process.send?.(m);

process.on('message', (task: Task) => {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  parseMail(raw).then(
    (mail) => {
      const attachments = mail.attachments.map((a) => ({ ...a, content: new Uint8Array(a.content) }));
      send({ id: task.id, mail: { ...mail, attachments } });
    },
    // The parser's message only (never the mail's text): the pool refuses the message and falls back.
    () => send({ id: task.id, error: 'parse failed' }),
  );
});
// The desk went away (stopped, or died): nothing is left to parse for.
process.on('disconnect', () => process.exit(0));

send({ ready: true });
