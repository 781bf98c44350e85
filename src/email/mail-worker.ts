/**
 * Worker thread entry: parses and sanitises one raw message at a time, off the main thread, so that no mail
 * can stall the event loop (webhooks, pages, the SMTP listener keep being answered). The pool
 * (parse-pool.ts) gives each message a time limit and the thread a memory limit, and replaces a thread that
 * went beyond either. Bundled as dist/mail-worker.js by `npm run build`.
 */
import { parentPort } from 'node:worker_threads';
import { parseMail } from './mail-parse.js';

interface Task {
  id: number;
  raw: Uint8Array;
}

parentPort?.on('message', (task: Task) => {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  parseMail(raw).then(
    (mail) => {
      // Attachments travel as their own ArrayBuffers, moved (not copied) to the main thread.
      const attachments = mail.attachments.map((a) => ({ ...a, content: new Uint8Array(a.content) }));
      parentPort!.postMessage(
        { id: task.id, mail: { ...mail, attachments } },
        attachments.map((a) => a.content.buffer as ArrayBuffer),
      );
    },
    (e: unknown) => parentPort!.postMessage({ id: task.id, error: (e as Error).message ?? 'parse failed' }),
  );
});

parentPort?.postMessage({ ready: true });
