import { createSocket, type RemoteInfo } from 'node:dgram';
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';

/** Record types the stand-in answers (RFC 1035 codes). */
const TYPES = { A: 1, TXT: 16, AAAA: 28, MX: 15 } as const;
type RecordType = keyof typeof TYPES;

export interface DnsZone {
  /** name (any case, without the trailing dot) → type → answers; a TXT answer is one string (split into 255-byte pieces). */
  [name: string]: Partial<Record<RecordType, string[]>>;
}

export interface DnsStandIn {
  port: number;
  /** `127.0.0.1:<port>`, for DNS_SERVERS. */
  server: string;
  /** Every question asked, as `TYPE name`. */
  asked: string[];
  /** Adds or replaces records. */
  set(name: string, records: Partial<Record<RecordType, string[]>>): void;
  close(): Promise<void>;
}

function readName(msg: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = start;
  while (at < msg.length) {
    const len = msg[at]!;
    if (len === 0) return { name: labels.join('.'), end: at + 1 };
    if (len >= 0xc0) throw new Error('compressed names are not expected in a question');
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  throw new Error('name runs past the message');
}

function txtData(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const piece = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([piece.length]), piece);
  }
  return Buffer.concat(parts);
}

function rdata(type: RecordType, value: string): Buffer {
  if (type === 'TXT') return txtData(value);
  if (type === 'A') return Buffer.from(value.split('.').map(Number));
  throw new Error(`the stand-in does not serve ${type} records`);
}

/**
 * A real DNS server on 127.0.0.1 (UDP, a free port) answering from a small zone: TXT and A records, NXDOMAIN for
 * a name it does not know and an empty answer (NODATA) for a type it does not hold. With `silent` it reads every
 * question and answers none — a DNS server that never answers.
 */
export async function startDnsStandIn(zone: DnsZone = {}, opts: { silent?: boolean } = {}): Promise<DnsStandIn> {
  const records = new Map<string, Partial<Record<RecordType, string[]>>>();
  for (const [name, r] of Object.entries(zone)) records.set(name.toLowerCase(), r);
  const asked: string[] = [];
  const socket = createSocket('udp4');

  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    if (msg.length < 12) return;
    let question: { name: string; end: number };
    try {
      question = readName(msg, 12);
    } catch {
      return;
    }
    const qtype = msg.readUInt16BE(question.end);
    const type = (Object.keys(TYPES) as RecordType[]).find((k) => TYPES[k] === qtype);
    asked.push(`${type ?? qtype} ${question.name}`);
    if (opts.silent) return;
    const known = records.get(question.name.toLowerCase());
    const answers = (type && known?.[type]) || [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    // QR, the question's RD, RA; NXDOMAIN when the name is unknown.
    header.writeUInt16BE(0x8080 | (msg.readUInt16BE(2) & 0x0100) | (known ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const questionBytes = msg.subarray(12, question.end + 4);
    const rrs = answers.map((value) => {
      const data = rdata(type!, value);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(300, 6);
      rr.writeUInt16BE(data.length, 10);
      return Buffer.concat([rr, data]);
    });
    socket.send(Buffer.concat([header, questionBytes, ...rrs]), from.port, from.address);
  });

  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    port,
    server: `127.0.0.1:${port}`,
    asked,
    set(name, r) {
      records.set(name.toLowerCase(), r);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A fresh RSA key pair for DKIM, and the TXT record that publishes its public half. */
export function dkimKey(): { privateKey: string; record: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** The message with a DKIM-Signature made with `privateKey` in the name of `domain` (selector `sel`). */
export async function dkimSigned(raw: string, domain: string, privateKey: string): Promise<string> {
  // mailauth takes the keys as signatureData (its bundled type definition names the fields one level up).
  const options = { signatureData: [{ signingDomain: domain, selector: 'sel', privateKey }] };
  const r = await dkimSign(raw, options as unknown as Parameters<typeof dkimSign>[1]);
  if (r.errors.length || !r.signatures.startsWith('DKIM-Signature: '))
    throw new Error(`signing failed: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.signatures + raw;
}
