// Run as its own process by test/integration/db/sqlite-handle.test.ts (with 1 MB semi-spaces, so V8 collects often):
// opens databases the way Baken does, prepares thousands of statements and closes the databases, giving V8 time
// between rounds. Prints "survived" if the process lived through it.
import { openSqliteHandle } from '../../src/db/sqlite-handle.js';

for (let round = 0; round < 80; round++) {
  const db = openSqliteHandle(':memory:');
  db.exec('CREATE TABLE t (a TEXT)');
  for (let i = 0; i < 2000; i++) db.prepare(`SELECT a, ${i} FROM t`).all();
  db.close();
  await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write('survived\n');
