import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { buildDeps, startBackground } from './boot.js';
import { createApp } from './app.js';
import { createLogger } from './shared/log.js';
import { seedDemo } from './demo/demo-data.js';
import { checkWritableFolder, ownerOnlyUmask } from './db/data-files.js';
import { dirname } from 'node:path';

/** Process entry: config → database → migrations → first admin → serve. A wrong config stops with one line per problem. */
async function main() {
  ownerOnlyUmask(); // the database, its WAL and SHM, keys and attachments are created owner-only
  loadDotEnv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, { demo: process.argv.includes('--demo') });
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
      process.exit(1);
    }
    throw e;
  }
  checkWritableFolder(config.dataDir, 'data folder (DATA_DIR)');
  if (!config.databaseUrl && config.databasePath !== ':memory:')
    checkWritableFolder(dirname(config.databasePath) || '.', "database's folder (DATABASE_URL)");
  const log = createLogger({ level: config.logLevel });
  let demoNow: Date | null = null;
  const deps = await buildDeps(config, log, () => demoNow ?? new Date());
  if (process.argv.includes('--demo')) {
    const accounts = await seedDemo({
      ...deps,
      setNow: (d) => {
        demoNow = d;
      },
    });
    demoNow = null;
    if (accounts) {
      log.info('demo data created: synthetic contacts and users (password "demo-password")', {
        users: accounts.map((a) => a.email),
      });
    } else log.info('demo: the database already has contacts; nothing added');
  }
  const stopBackground = await startBackground(deps);
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log.info('Baken is listening', {
      url: config.publicUrl,
      host: config.host,
      port: info.port,
      database: config.databaseUrl ? 'postgresql' : config.databasePath,
    });
  });
  // A busy port (or one this user may not bind) is one line, not a stack trace.
  server.on('error', (e: NodeJS.ErrnoException) => {
    const why =
      e.code === 'EADDRINUSE'
        ? 'is in use by another process (EADDRINUSE): stop it or set PORT'
        : e.code === 'EACCES'
          ? 'may not be used by this user (EACCES): use a port above 1023 or set PORT'
          : e.code === 'EADDRNOTAVAIL'
            ? 'cannot be bound: HOST is not an address of this machine (EADDRNOTAVAIL)'
            : `cannot be listened on: ${e.message}`;
    process.stderr.write(`Baken could not start: port ${config.port} on ${config.host} ${why}\n`);
    process.exit(1);
  });
  const shutdown = async () => {
    log.info('shutting down');
    server.close();
    await stopBackground();
    await deps.jobs.settled();
    await deps.events.close();
    await deps.db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  process.stderr.write(`Baken could not start: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
