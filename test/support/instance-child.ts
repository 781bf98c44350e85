// A whole Baken instance in its own process (the real app over HTTP on a free loopback port), for the tests that
// kill an instance in the middle of its work or take its database away. Configured by the environment like Baken
// itself; prints "ready <port>" once it listens. With INSTANCE_BACKGROUND=1 it also runs the background workers;
// with INSTANCE_SMTP=1 it also runs the SMTP listener on a free loopback port (flood limits out of the way) and
// prints "smtp <port>" before "ready".
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { buildDeps, startBackground } from '../../src/boot.js';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/shared/log.js';
import { startSmtpListener } from '../../src/email/inbound/smtp-listener.js';

const deps = await buildDeps(loadConfig(process.env), createLogger({ silent: process.env.INSTANCE_LOG !== '1' }));
if (process.env.INSTANCE_BACKGROUND === '1') await startBackground(deps);
if (process.env.INSTANCE_SMTP === '1') {
  const listener = await startSmtpListener(deps, {
    port: 0,
    host: '127.0.0.1',
    rate: {
      clientBurst: 100_000,
      clientPerSecond: 1000,
      senderBurst: 1000,
      senderPerSecond: 100,
      connectionsPerClient: 100,
    },
  });
  process.stdout.write(`smtp ${listener.port}\n`);
}
const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`ready ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
