// A whole Baken instance in its own process (the real app over HTTP on a free loopback port), for the tests that
// kill an instance in the middle of its work. Configured by the environment like Baken itself; prints
// "ready <port>" once it listens. With INSTANCE_BACKGROUND=1 it also runs the background workers.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { buildDeps, startBackground } from '../../src/boot.js';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/shared/log.js';

const deps = await buildDeps(loadConfig(process.env), createLogger({ silent: true }));
if (process.env.INSTANCE_BACKGROUND === '1') await startBackground(deps);
const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`ready ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
