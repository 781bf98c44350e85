import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from '../../src/shared/clean-text.js';

describe('cleaning stored text', () => {
  it.each([
    ['a right-to-left override in a file name', 'factuur\u202Efdp.exe', 'factuurfdp.exe'],
    ['every embedding and override', 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef', 'abcdef'],
    ['every isolate', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde'],
    ['NUL', 'a\u0000b', 'ab'],
    ['other C0 controls and DEL', 'a\u0001\u0007\u0008\u000b\u000c\u001b\u001f\u007fb', 'ab'],
    ['tab and line breaks are kept', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['Dutch letters', 'Geëmigreerde coöperatie, één café', 'Geëmigreerde coöperatie, één café'],
    ['Arabic and Hebrew with their direction marks', 'مرحبا \u200Fשלום\u200E', 'مرحبا \u200Fשלום\u200E'],
    ['Chinese and emoji', '你好 👋', '你好 👋'],
  ])('strips or keeps %s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('turns line breaks and tabs into spaces on one-line values and still strips the rest', () => {
    expect(cleanLine('Re:\tmelding\r\nvolgende\u202E regel\u0000')).toBe('Re: melding  volgende regel');
  });
});
