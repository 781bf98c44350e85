// Loaded into the measured server with `node --import ./bench/loop-probe.mjs` (benchmarks only, never in the app):
// samples the event loop's delay and the process's memory, and writes them as JSON to LOOP_PROBE_FILE every
// second. SIGUSR2 resets the histogram and the peaks (the flood benchmark sends it when its measured minute starts).
import { writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

// Worker threads and child processes inherit --import: only the main thread of the first process measures.
const file = isMainThread ? process.env.LOOP_PROBE_FILE : undefined;
delete process.env.LOOP_PROBE_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  // Time inside the server per request, from the parsed request to the last byte handed to the socket, by the
  // first path segment: beside the load generator's figure it tells queueing outside Node from queueing inside.
  const served = new Map();
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (event, ...args) {
    const [req, res] = args;
    if (event === 'request') {
      const t0 = process.hrtime.bigint();
      const key = `/${(req.url ?? '').split(/[/?]/)[1] ?? ''}`;
      res.once('finish', () => {
        const hist = served.get(key) ?? createHistogram();
        served.set(key, hist);
        hist.record(Math.max(1, Number(process.hrtime.bigint() - t0)));
      });
    }
    return emit.call(this, event, ...args);
  };
  let peakRss = 0;
  let peakHeap = 0;
  let cpu0 = process.cpuUsage();
  let wall0 = performance.now();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const write = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    writeFileSync(
      file,
      JSON.stringify({
        at: new Date().toISOString(),
        loop: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) },
        // CPU of the whole process (main thread, workers, SQLite) since the reset, in % of one core.
        cpuPercent: Math.round(
          ((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000 / (performance.now() - wall0)) * 100,
        ),
        rssMb: Math.round(m.rss / 2 ** 20),
        peakRssMb: Math.round(peakRss / 2 ** 20),
        heapMb: Math.round(m.heapUsed / 2 ** 20),
        peakHeapMb: Math.round(peakHeap / 2 ** 20),
        // Baken's SQLite driver counts its turns on the connection (src/db/sqlite-driver.ts).
        served: Object.fromEntries(
          [...served].map(([k, hist]) => [
            k,
            {
              n: hist.count,
              p50: ms(hist.percentile(50)),
              p95: ms(hist.percentile(95)),
              p99: ms(hist.percentile(99)),
              max: ms(hist.max),
            },
          ]),
        ),
        sqlite: sqliteStats(),
      }),
    );
  };
  const sqliteStats = () => {
    const st = globalThis.__bakenSqliteStats?.()[0];
    if (!st) return null;
    const heaviest = [...st.bySql]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 8)
      .map(([sql, v]) => ({ sql: sql.slice(0, 300), n: v.n, ms: Math.round(v.ms) }));
    return { ...st, bySql: undefined, heaviest };
  };
  setInterval(write, 250).unref();
  process.on('SIGUSR2', () => {
    h.reset();
    for (const hist of served.values()) hist.reset();
    globalThis.__bakenSqliteStats?.(true);
    peakRss = 0;
    peakHeap = 0;
    cpu0 = process.cpuUsage();
    wall0 = performance.now();
    write();
  });
}
