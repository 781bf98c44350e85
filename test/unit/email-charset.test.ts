import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/email/inbound/charset-decoder.js';

describe('decoding text in a named charset', () => {
  it.each([
    ['windows-1252', [0x80, 0x93, 0x94, 0xe9], '€“”é'],
    ['iso-8859-1', [0x80, 0xe9], '€é'],
    ['us-ascii', [0x41], 'A'],
    ['iso-8859-15', [0xa4], '€'],
    ['windows-1250', [0x8a, 0xb9], 'Šą'],
    ['koi8-r', [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4], 'Привет'],
    ['shift_jis', [0x82, 0xa0], 'あ'],
    ['ks_c_5601-1987', [0xc7, 0xd1], '한'],
    ['cp949', [0xc7, 0xd1], '한'],
    ['utf-8', [0xc3, 0xa9], 'é'],
    ['x-unknown (valid UTF-8)', [0xc3, 0xa9], 'é'],
    ['x-unknown (not UTF-8)', [0xe9, 0x80], 'é€'],
    ['iso-2022-kr (a decoder that would give one replacement character)', [0x41, 0xe9], 'Aé'],
  ])('%s', (charset, bytes, expected) => {
    expect(decodeText(Uint8Array.from(bytes), charset.split(' ')[0]!)).toBe(expected);
  });
});
