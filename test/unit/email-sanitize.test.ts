import { describe, expect, it } from 'vitest';
import {
  htmlDepth,
  htmlLimit,
  MAX_HTML_CHARS,
  MAX_HTML_DEPTH,
  roughHtmlText,
  sanitizeMailHtml,
} from '../../src/email/inbound/sanitize.js';
import { htmlToText } from '../../src/email/inbound/mail-parse.js';

describe('sanitising mail HTML', () => {
  it.each([
    ['a script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['an event handler', '<p onclick="x()" onmouseover="y()">a</p>', '<p>a</p>'],
    [
      'a style block and attribute',
      '<style>p{color:red}</style><p style="background:url(http://t/x)">a</p>',
      '<p>a</p>',
    ],
    [
      'a remote image (tracking pixel)',
      '<p>a<img src="http://track.example/p.gif" width="1" height="1"></p>',
      '<p>a<span class="mail-image">[image]</span></p>',
    ],
    [
      'an inline image keeps its alt text',
      '<img src="cid:x" alt="Logo politie">',
      '<span class="mail-image">[Logo politie]</span>',
    ],
    [
      'a javascript: link',
      '<a href="javascript:alert(1)">x</a>',
      '<a target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
    [
      'a data: link',
      '<a href="data:text/html,<script>">x</a>',
      '<a target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
    [
      'a protocol-relative link',
      '<a href="//evil.example/x">x</a>',
      '<a target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
    [
      'an iframe, object, form and input',
      '<iframe src="http://e"></iframe><object data="x"></object><form action="http://e"><input name="p"></form>ok',
      'ok',
    ],
    [
      'a base and meta refresh',
      '<base href="http://evil/"><meta http-equiv="refresh" content="0;url=http://evil">ok',
      'ok',
    ],
    ['an svg with script', '<svg onload="x()"><script>y()</script></svg>ok', 'ok'],
    [
      'a background attribute',
      '<table background="http://t/x.gif"><tr><td>a</td></tr></table>',
      '<table><tr><td>a</td></tr></table>',
    ],
  ])('removes %s', (_name, input, expected) => {
    expect(sanitizeMailHtml(input)).toBe(expected);
  });

  it('keeps text structure and safe links, opening in a new tab without a referrer', () => {
    expect(
      sanitizeMailHtml('<h1>T</h1><ul><li><b>b</b></li></ul><a href="https://x.nl/a?b=1&c=2" title="t">x</a>'),
    ).toBe(
      '<h1>T</h1><ul><li><b>b</b></li></ul><a href="https://x.nl/a?b=1&amp;c=2" title="t" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it('gives nothing for no HTML, and refuses HTML too long to sanitise in time', () => {
    expect(sanitizeMailHtml(undefined)).toBeNull();
    expect(sanitizeMailHtml(false)).toBeNull();
    expect(sanitizeMailHtml('<script>x</script>')).toBeNull();
    expect(sanitizeMailHtml('<p>x</p>'.repeat(MAX_HTML_CHARS / 8 + 1))).toBeNull();
  });

  it('turns sanitised HTML into readable text', () => {
    expect(
      htmlToText('<p>Hallo &amp; welkom</p><p>regel&lt;2&gt;<br>regel 3</p><span class="mail-image">[image]</span>'),
    ).toBe('Hallo & welkom\n\nregel<2>\nregel 3\n\n[image]');
  });

  it.each([
    [
      'a link with its address',
      '<p>See <a href="https://example.org/x">the site</a>.</p>',
      'See the site [https://example.org/x].',
    ],
    [
      'a link whose text is its address once',
      '<a href="https://example.org">https://example.org</a>',
      'https://example.org',
    ],
    ['a list with bullets', '<p>Two:</p><ul><li>one</li><li>two</li></ul>', 'Two:\n\n * one\n * two'],
    ['a numbered list', '<p>Two:</p><ol><li>one</li><li>two</li></ol>', 'Two:\n\n 1. one\n 2. two'],
    ['quoted mail as quoted lines', '<p>Yes.</p><blockquote><p>Can I come?</p></blockquote>', 'Yes.\n\n> Can I come?'],
    ['headings as written, not in capitals', '<h2>Melding</h2><p>tekst</p>', 'Melding\n\ntekst'],
    [
      'every entity, not five',
      '<p>&euro; 5 &eacute;&eacute;n &hellip; &#8364; &#x20AC; &quot;a&quot; &#39;b&#39; c&nbsp;d</p>',
      '€ 5 één … € € "a" \'b\' c\u00a0d',
    ],
    ['no image address', '<p>x<img src="https://tracker.example/p.gif" alt="pixel">y</p>', 'xy'],
  ])('writes %s as text', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it.each([
    ['flat paragraphs', '<p>a</p><p>b</p>', 0],
    ['nested divs', '<div><div><span>x</span></div></div>', 3],
    ['closed tags count down', '<div></div><div><b>x</b></div>', 2],
    ['void and self-closing tags', '<div><br><img src=x><hr/><span/></div>', 1],
    ['tags left open that mail writers never close', '<table><tr><td><p>a<p>b<li>c</table>', 1],
    ['a "<" that is no tag', '<div>1 < 2 and 3 <4</div>', 1],
    ['a tag that never ends', '<div><div', 1],
  ])('measures the nesting of %s in one pass', (_name, html, depth) => {
    expect(htmlDepth(html)).toBe(depth);
  });

  it('refuses HTML nested too deeply before any parsing, and stops counting at the limit', () => {
    const deep = '<div>'.repeat(300_000);
    const started = performance.now();
    expect(htmlDepth(deep)).toBe(MAX_HTML_DEPTH + 1);
    expect(htmlLimit(deep)).toBe('html-too-deep');
    expect(sanitizeMailHtml(deep)).toBeNull();
    // A guard against parsing what is refused (that took minutes), not a speed target.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(htmlLimit('<div>'.repeat(MAX_HTML_DEPTH))).toBeNull();
    expect(htmlLimit('x'.repeat(MAX_HTML_CHARS + 1))).toBe('html-too-large');
  });

  it('renders HTML too big to sanitise as text without tags, scripts, styles or URLs', () => {
    expect(
      roughHtmlText(
        '<html><head><title>t</title><style>p{color:red}</style></head><body><div><p>Hallo &amp; welkom&#33;</p>' +
          '<img src="http://track.example/p.gif"><a href="http://x.example">link</a><script>alert(1)</script>' +
          '<div>einde</div></div></body></html>',
        1000,
      ),
    ).toBe('Hallo & welkom!\nlink\neinde');
    expect(roughHtmlText(`${'<div>'.repeat(300_000)}diep`, 100)).toBe('diep');
    expect(roughHtmlText('a'.repeat(500), 100)).toHaveLength(100);
    expect(roughHtmlText('<div>open<script>nooit dicht', 100)).toBe('open');
  });
});
