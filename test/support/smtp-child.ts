// A Baken process that runs only the SMTP listener, for the test that kills it in the middle of a burst.
// Configured by the environment like Baken itself; prints "ready <port>" once it listens.
import { loadConfig } from '../../src/config.js';
import { buildDeps } from '../../src/boot.js';
import { createLogger } from '../../src/shared/log.js';
import { startSmtpListener } from '../../src/email/inbound/smtp-listener.js';

const deps = await buildDeps(loadConfig(process.env), createLogger({ silent: true }));
const listener = await startSmtpListener(deps, {
  port: Number(process.env.SMTP_LISTEN_PORT ?? 0),
  rate: {
    clientBurst: 100_000,
    clientPerSecond: 1000,
    senderBurst: 100,
    senderPerSecond: 10,
    connectionsPerClient: 100,
  },
});
process.stdout.write(`ready ${listener.port}\n`);
