import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import type { FieldCrypto } from '../../crypto/field-crypto.js';

/** The first bytes of an encrypted file: format v1 = magic, 12-byte IV, AES-256-GCM ciphertext, 16-byte tag. */
const MAGIC = Buffer.from('BKF1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEAD_BYTES = MAGIC.length + IV_BYTES;
/** Encrypted and written this much at a time. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Content-addressed files under `<dataDir>/attachments/<first two hex>/<name>`: mail attachments and the
 * whole source of mail too large to show. Files are encrypted at rest (AES-256-GCM with a key derived from
 * DATA_KEY) and named by a keyed hash of the content (HMAC), so neither a file nor its name says anything
 * without the key — a plain sha256 name would confirm a guessed document. A file is written to a temporary
 * name, flushed and renamed, so a crash never leaves a half file under a real name; the same content arriving
 * twice is stored once. Files are written *before* the transaction that refers to them: a crash in between
 * leaves an unreferenced file, never a dangling row. Files from before encryption (rows with encrypted = 0,
 * named by plain sha256) are still read as they are.
 */
export class AttachmentStore {
  constructor(
    private readonly root: string,
    private readonly fileKey: Buffer,
    private readonly nameKey: Buffer,
  ) {}

  /** The store of this desk: keys derived from DATA_KEY through the field crypto's signing key. */
  static forDataDir(dataDir: string, crypto: Pick<FieldCrypto, 'sign'>): AttachmentStore {
    const derive = (purpose: string) => Buffer.from(crypto.sign(purpose, 'v1'), 'base64url');
    return new AttachmentStore(join(dataDir, 'attachments'), derive('file-encryption'), derive('file-name'));
  }

  /** Where the file with this name lives (it may not exist). */
  pathOf(name: string): string {
    if (!/^[0-9a-f]{64}$/.test(name)) throw new Error('not a file name');
    return join(this.root, name.slice(0, 2), name);
  }

  /** The keyed name of this content. */
  nameOf(content: Buffer): string {
    return createHmac('sha256', this.nameKey).update(content).digest('hex');
  }

  /**
   * Stores the bytes encrypted (once) and returns the file's name. Encrypted and written a megabyte at a
   * time, flushed with an asynchronous fsync: a 25 MB message never holds the event loop for long.
   */
  async put(content: Buffer): Promise<string> {
    const name = this.nameOf(content);
    const path = this.pathOf(name);
    if (existsSync(path)) return name;
    const dir = join(this.root, name.slice(0, 2));
    const made = await mkdir(dir, { recursive: true, mode: 0o700 });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.fileKey, iv);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.write(Buffer.concat([MAGIC, iv]));
      for (let off = 0; off < content.length; off += CHUNK_BYTES)
        await file.write(cipher.update(content.subarray(off, off + CHUNK_BYTES)));
      await file.write(Buffer.concat([cipher.final(), cipher.getAuthTag()]));
      await file.sync();
    } catch (e) {
      await file.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await file.close();
    await rename(tmp, path);
    // The file's name is on disk too before the mail is answered 250: a power loss keeps the renamed file (and
    // a folder made for it), not only its bytes under the temporary name.
    await syncDirectory(dir);
    if (made)
      for (let d = dir; ; d = dirname(d)) {
        await syncDirectory(dirname(d));
        if (d === made || dirname(d) === d) break;
      }
    return name;
  }

  has(name: string): boolean {
    return existsSync(this.pathOf(name));
  }

  /**
   * The file's content as a stream: decrypted when `encrypted`, as stored otherwise (files from before
   * encryption). A file that was tampered with ends the stream with an error instead of its last bytes.
   */
  read(name: string, encrypted: boolean): Readable {
    const path = this.pathOf(name);
    if (!encrypted) return createReadStream(path);
    const fd = openSync(path, 'r');
    let head: Buffer;
    let tag: Buffer;
    let size: number;
    try {
      size = fstatSync(fd).size;
      head = Buffer.alloc(HEAD_BYTES);
      tag = Buffer.alloc(TAG_BYTES);
      if (size < HEAD_BYTES + TAG_BYTES || readSync(fd, head, 0, HEAD_BYTES, 0) !== HEAD_BYTES)
        throw new Error('not an encrypted file');
      readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
    } finally {
      closeSync(fd);
    }
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted file');
    const decipher = createDecipheriv('aes-256-gcm', this.fileKey, head.subarray(MAGIC.length));
    decipher.setAuthTag(tag);
    if (size === HEAD_BYTES + TAG_BYTES) {
      decipher.end();
      return decipher;
    }
    return pipeline(createReadStream(path, { start: HEAD_BYTES, end: size - TAG_BYTES - 1 }), decipher, () => {});
  }

  /** The whole content in memory (small files, tests). */
  async readAll(name: string, encrypted: boolean): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this.read(name, encrypted)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}

/** fsync of a folder, which makes the names created or renamed in it durable (Linux, macOS; Windows cannot). */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const d = await open(path, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
