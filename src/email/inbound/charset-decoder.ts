import { Transform, type TransformCallback } from 'node:stream';

/** Charset names mail clients use that the WHATWG decoder knows under another name. */
const ALIASES: Record<string, string> = {
  cp949: 'euc-kr',
  'ks_c_5601-1987': 'euc-kr',
  'x-sjis': 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
  cp936: 'gbk',
  cp1250: 'windows-1250',
  cp1252: 'windows-1252',
  cp1253: 'windows-1253',
  cp1254: 'windows-1254',
  cp1257: 'windows-1257',
};

/**
 * Decodes text in a named charset; a charset nobody knows (or a decoder that would turn everything into
 * one replacement character) falls back to UTF-8 when the bytes are valid UTF-8, and to windows-1252
 * otherwise — which maps every byte to a character, so no text is thrown away.
 */
export function decodeText(bytes: Uint8Array, charset: string): string {
  const label = (ALIASES[charset.trim().toLowerCase()] ?? charset).trim();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return windows1252(bytes);
    }
  }
  return decoder.encoding === 'windows-1252' ? windows1252(bytes) : decoder.decode(bytes);
}

/** 0x80–0x9F of windows-1252 (€, quotes, dashes …); the rest equals ISO-8859-1. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252 (also what ISO-8859-1 and US-ASCII labels mean in mail, as in browsers). Node's own
 * TextDecoder decodes this label as ISO-8859-1 (0x80 gives U+0080 instead of €), so it is done here.
 */
function windows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk).replace(/[\x80-\x9f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]!);
  }
  return out;
}

/**
 * mailparser's `Iconv` hook (the node-iconv interface: `new Iconv(from, to)` is a stream of UTF-8 out).
 * mailparser itself refuses UTF-7 and transfer-encoding names before it gets here.
 */
export class CharsetDecoder extends Transform {
  private readonly chunks: Buffer[] = [];
  constructor(
    private readonly charset: string,
    _to?: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }
  override _flush(done: TransformCallback): void {
    this.push(Buffer.from(decodeText(Buffer.concat(this.chunks), this.charset), 'utf8'));
    done();
  }
}
