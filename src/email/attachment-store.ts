import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  writeSync,
  type ReadStream,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Content-addressed attachment files under `<dataDir>/attachments/<first two hex>/<sha256>`. A file is
 * written to a temporary name, flushed to disk and renamed, so a crash never leaves a half file under a
 * real name; the same content arriving twice is stored once. Files are written *before* the database
 * transaction that refers to them: a crash in between leaves an unreferenced file, never a dangling row.
 */
export class AttachmentStore {
  constructor(private readonly root: string) {}

  static forDataDir(dataDir: string): AttachmentStore {
    return new AttachmentStore(join(dataDir, 'attachments'));
  }

  /** Where the content with this sha256 lives (it may not exist). */
  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the bytes (once) and returns their sha256. */
  put(content: Buffer): string {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = this.pathOf(sha256);
    if (existsSync(path)) return sha256;
    mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      let off = 0;
      while (off < content.length) off += writeSync(fd, content, off, content.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return sha256;
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  read(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }
}
