import { describe, expect, it } from 'vitest';
import { classify, matchSpans } from '../../src/routing/classifier.js';
import { highlight } from '../../src/routing/highlight.js';
import { prepareText } from '../../src/routing/text-prep.js';
import { TOPICS, TOPIC_QUEUE } from '../../src/routing/topics.js';
import { fillPlaceholders, isStale } from '../../src/routing/answer-text.js';

const topicsOf = (text: string) => classify(text).topics.map((t) => t.topic);

describe('every topic, in Dutch and in English', () => {
  const cases: [string, string, string][] = [
    [
      'registration',
      'Hoe kan ik een cliënt aanmelden? Is er een aanmeldformulier?',
      'How do I register a victim? Is there a referral form?',
    ],
    ['shelter', 'Is er plek in de COSM of een andere opvang?', 'Is there a place in a shelter or a safe house?'],
    ['coordination', 'Wie is de zorgcoördinator in deze regio?', 'Who is the care coordinator for this region?'],
    ['reflection', 'Heeft zij recht op bedenktijd?', 'Is she entitled to a reflection period?'],
    ['reporting', 'Moet ze aangifte doen bij de politie?', 'Does she have to file a report, a criminal complaint?'],
    ['permit', 'Krijgt hij een verblijfsvergunning na de aangifte?', 'Will he get a residence permit?'],
    ['continued', 'Kan zij voortgezet verblijf aanvragen?', 'Can she apply for continued residence?'],
    ['eu', 'Het gaat om een EU-burger, een Poolse vrouw.', 'She is an EU citizen from Poland.'],
    [
      'minor',
      'Het gaat om een minderjarige, de voogd is Nidos.',
      'It concerns an unaccompanied minor with a guardian.',
    ],
    ['asylum', 'Hij is asielzoeker met een Dublinclaim.', 'He is an asylum seeker facing a Dublin transfer.'],
    ['work', 'Mag zij werken, is een TWV nodig?', 'Is she allowed to work, does the employer need a work permit?'],
    ['benefits', 'Krijgt ze leefgeld en een zorgverzekering?', 'Does she get a living allowance and health insurance?'],
    ['brp', 'Kan ze zich inschrijven in de BRP en een BSN krijgen?', 'Can she get a citizen service number (BSN)?'],
    [
      'compensation',
      'Kan hij schadevergoeding krijgen via het Schadefonds?',
      'Can he claim compensation from the offenders?',
    ],
    ['return', 'Hij wil terugkeer naar zijn land via IOM.', 'He wants a voluntary return with reintegration support.'],
    [
      'indicators',
      'Ik zie signalen van uitbuiting, is dit mensenhandel?',
      'I see signs of forced labour and debt bondage.',
    ],
    ['privacy', 'Mag ik gegevens delen zonder toestemming (AVG)?', 'May I share data under the GDPR without consent?'],
    ['information', 'Hebben jullie cijfers of een jaarverslag?', 'Do you have statistics or an annual report?'],
    ['training', 'Geven jullie een training of workshop?', 'Do you offer a training or a workshop?'],
  ];
  it('covers all nineteen topic codes', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual([...TOPICS].sort());
  });
  it.each(cases)('recognises %s in Dutch', (topic, nl) => {
    expect(topicsOf(nl)).toContain(topic);
  });
  it.each(cases)('recognises %s in English', (topic, _nl, en) => {
    expect(topicsOf(en)).toContain(topic);
  });
});

describe('Dutch inflection, compounds, spelling without diacritics, English plurals', () => {
  it.each([
    ['bedenktijdperiode van drie maanden', 'reflection', 'bedenktijdperiode'],
    ['vragen over verblijfsvergunningen', 'permit', 'verblijfsvergunningen'],
    ['twee aangiftes zijn gedaan', 'reporting', 'aangiftes'],
    ['de zaak is geseponeerd', 'reporting', 'geseponeerd'],
    ['is er een opvangplek vrij', 'shelter', 'opvangplek'],
    ['de minderjarigen in de groep', 'minor', 'minderjarigen'],
    ['de zorgcoordinator van de regio', 'coordination', 'zorgcoordinator'],
    ['de zorgcoördinator van de regio', 'coordination', 'zorgcoördinator'],
    ['cliente wil schadevergoeding', 'compensation', 'schadevergoeding'],
    ['the shelters are full', 'shelter', 'shelters'],
    ['questions about residence permits', 'permit', 'residence permits'],
    ['two minors were found', 'minor', 'minors'],
  ])('"%s" concerns %s and shows "%s" as matched', (text, topic, word) => {
    const found = classify(text).topics.find((t) => t.topic === topic);
    expect(found?.matched).toContain(word);
  });

  it('reads both languages in one message', () => {
    const r = classify('Goedemiddag, vraag over bedenktijd. Also: can she get health insurance?');
    expect(r.topics.map((t) => t.topic)).toEqual(expect.arrayContaining(['reflection', 'benefits']));
  });

  it('does not take a word that merely contains a short term for it (samenwerking is not work)', () => {
    expect(topicsOf('Dank voor de fijne samenwerking en werkelijk goede hulp')).not.toContain('work');
  });
});

describe('negation', () => {
  it('keeps the topic of a negated statement: "geen aangifte gedaan" still concerns reporting', () => {
    expect(topicsOf('Ze heeft geen aangifte gedaan')).toContain('reporting');
    expect(topicsOf('She has not filed a criminal complaint')).toContain('reporting');
  });
  it.each([
    ['Ze is niet in gevaar, wel een vraag over bedenktijd', false],
    ['She is not in danger, just a question', false],
    ['Geen acuut gevaar', false],
    ['Ze is in gevaar', true],
    ['Cliënt heeft vannacht geen slaapplek', true],
    ['She has no safe place to sleep', true],
    ['He is being threatened by his employer', true],
  ])('"%s" is urgent: %s', (text, urgent) => {
    expect(classify(text).urgent).toBe(urgent);
  });
  it('does not set the minor flag for "niet minderjarig" or "not a minor"', () => {
    expect(classify('Zij is niet minderjarig, vraag over bedenktijd').minor).toBe(false);
    expect(classify('He is not a minor').minor).toBe(false);
  });
});

describe('the urgent and minor flags', () => {
  it.each([
    'een meisje van 15 met een loverboy',
    'een 16-jarige jongen',
    'ze is vijftien jaar oud',
    'a 14-year-old girl',
    'aged 16, from Nigeria',
    'ik ben 16 en moet met mannen mee',
    'i am 15 please help',
    'een AMV in het azc',
    'alleenstaande minderjarige vreemdeling',
  ])('flags "%s" as minor, urgent, for care', (text) => {
    expect(classify(text)).toMatchObject({ minor: true, urgent: true, queue: 'care' });
  });
  it.each([
    'na drie jaar B8/3 voortgezet verblijf',
    'after 3 years with a permit',
    'ze woont al 15 jaar in Nederland',
    'cliënte is 19 jaar',
  ])('does not flag "%s" as minor', (text) => {
    expect(classify(text).minor).toBe(false);
  });
  it('marks the danger and minor words for highlighting', () => {
    const text = 'Een meisje van 15 heeft vannacht geen slaapplek.';
    const kinds = matchSpans(text).map((s) => [s.kind, text.slice(s.start, s.end)]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['minor', 'meisje van 15'],
        ['urgent', 'vannacht'],
        ['urgent', 'geen slaapplek'],
      ]),
    );
  });
});

describe('precedence of the queue', () => {
  it.each([
    ['Vraag over bedenktijd, verder niets', 'legal'],
    ['Minderjarige, vraag over de verblijfsvergunning', 'care'],
    ['Vannacht geen slaapplek, en een vraag over bedenktijd', 'care'],
    ['Is er plek in de COSM voor een vrouw uit Nigeria?', 'care'],
    ['Hoe meld ik een slachtoffer aan bij jullie, is er een aanmeldformulier?', 'registration'],
    ['Ik zie signalen van uitbuiting bij de buren', 'registration'],
    ['Slachtoffer aanmelden, en moet zij aangifte doen?', 'legal'],
    ['Geven jullie trainingen over signalen van mensenhandel?', 'general'],
    ['Hebben jullie folders?', 'general'],
  ])('"%s" goes to %s', (text, queue) => {
    expect(classify(text).queue).toBe(queue);
  });
  it('takes the menu choice between the queues the text supports, and alone when it names no topic', () => {
    expect(classify('Slachtoffer aanmelden, en moet zij aangifte doen?', { menu: '2' }).queue).toBe('registration');
    expect(classify('Bel mij terug', { menu: '1' }).queue).toBe('legal');
    expect(classify('Vraag over bedenktijd', { menu: '3' }).queue).toBe('legal');
    expect(classify('Ze heeft vannacht geen slaapplek', { menu: '1' }).queue).toBe('care');
  });
  it('maps every topic to the queue that works it', () => {
    expect(TOPIC_QUEUE).toMatchObject({
      reflection: 'legal',
      privacy: 'legal',
      shelter: 'care',
      minor: 'care',
      indicators: 'registration',
      information: 'general',
    });
  });
});

describe('explanations and scores', () => {
  it('answers the reflection-period example: reflection, matched as written, score 0..1, best first', () => {
    const r = classify('Heeft ze recht op Bedenktijd? Geldt 90 dagen? En hoe zit het met opvang?');
    expect(r.topics[0]).toEqual({
      topic: 'reflection',
      score: expect.any(Number),
      matched: ['Bedenktijd', '90 dagen'],
    });
    for (const t of r.topics) {
      expect(t.score).toBeGreaterThan(0);
      expect(t.score).toBeLessThanOrEqual(1);
    }
    expect(r.topics.map((t) => t.score)).toEqual([...r.topics.map((t) => t.score)].sort((a, b) => b - a));
  });
  it('cuts the text into plain and marked segments that join back to the text', () => {
    const text = 'Vraag over bedenktijd en aangifte.';
    const segments = highlight(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.mark).map((s) => [s.text, s.mark!.topics])).toEqual([
      ['bedenktijd', ['reflection']],
      ['aangifte', ['reporting']],
    ]);
  });
});

describe('mail text: HTML, quotes and signatures', () => {
  it('reads the words of an HTML mail, not its tags', () => {
    const r = classify('<html><body><p>Vraag over <b>bedenktijd</b></p><style>.opvang{}</style></body></html>');
    expect(r.topics.map((t) => t.topic)).toEqual(['reflection']);
  });
  it('reads an HTML mail through html-to-text: entities decoded, a quoted mail weighed down, no link address', () => {
    const p = prepareText(
      '<p>Vraag over <a href="https://x.example/aangifte">de site</a> &amp; de z&eacute;lfde termijn</p>' +
        '<blockquote><p>eerder: bedenktijd</p></blockquote>',
    );
    expect(p.text).toBe('Vraag over de site & de zélfde termijn\n\n> eerder: bedenktijd');
    expect(p.regions.map((r) => r.weight)).toEqual([1, 0.3]);
  });
  it('never fails on HTML nested without end, and still reads the words near the top', () => {
    const deep = `<p>bedenktijd</p>${'<div>'.repeat(20_000)}diep`;
    expect(() => prepareText(deep)).not.toThrow();
    expect(prepareText(deep).text).toContain('bedenktijd');
  });
  it('ignores a signature and weighs a quoted thread down', () => {
    const mail =
      'Dank u.\n\nMet vriendelijke groet,\nTeam Opvang\nCOA-locatie, afdeling asiel\n\n> vraag over bedenktijd';
    expect(classify(mail).topics).toEqual([]);
    expect(prepareText(mail).regions.map((r) => r.weight)).toEqual([1, 0, 0.3]);
  });
  it('gives a mail that is only a signature or only a quote no topic and the general queue', () => {
    expect(classify('Met vriendelijke groet,\n\nAfdeling Veiligheid\nGemeente Utrecht')).toMatchObject({
      queue: 'general',
      topics: [],
    });
    expect(classify('> Ik heb een vraag over bedenktijd\n> voor een cliënte')).toMatchObject({
      queue: 'general',
      topics: [],
    });
  });
});

describe('bad input', () => {
  it.each([
    ['an empty text', ''],
    ['only spaces', '   \n\t  '],
    ['another script', 'Здравствуйте, мне нужна помощь. مرحبا أحتاج مساعدة'],
    ['emoji and symbols', '🙂🙂🙂 !!! ??? ###'],
    ['a lone surrogate', '\ud800 bedank'],
  ])('answers %s with no topic and the general queue', (_name, text) => {
    expect(classify(text)).toEqual({ queue: 'general', urgent: false, minor: false, topics: [] });
  });
  it('classifies 1 MB of text quickly, reading a bounded part of it', () => {
    const huge = `${'Vraag over bedenktijd en opvang. '.repeat(33_000)}`.slice(0, 1_000_000);
    classify(huge);
    const start = performance.now();
    const r = classify(huge);
    // A guard against work that grows with the whole text (seconds, not milliseconds); the speed itself is
    // measured by `npm run bench`, never asserted in a test.
    expect(performance.now() - start).toBeLessThan(2000);
    expect(r.topics.map((t) => t.topic)).toContain('reflection');
  });
  it('does not throw on a non-string', () => {
    expect(classify(undefined as unknown as string).topics).toEqual([]);
  });
  it('classifies a 2,000-character email with a signature, the same way every time', () => {
    const mail =
      `Geachte helpdesk,\n\n${'Wij hebben een vraag over de bedenktijd van een cliënte uit Nigeria die nu in de opvang zit en twijfelt over aangifte. '.repeat(17)}\n\nMet vriendelijke groet,\nTeam Opvang`.slice(
        0,
        2000,
      );
    const first = classify(mail);
    expect(first.topics.map((t) => t.topic)).toContain('reflection');
    for (let i = 0; i < 20; i++) expect(classify(mail)).toEqual(first);
  });
});

describe('answer placeholders and review dates', () => {
  it('fills {reference} and {nextOpening} and leaves an unknown or empty one as written', () => {
    expect(
      fillPlaceholders('Kenmerk {reference}, open {nextOpening}, {other}', {
        reference: 'HD-2026-000001',
        nextOpening: 'maandag 09:00',
      }),
    ).toBe('Kenmerk HD-2026-000001, open maandag 09:00, {other}');
    expect(fillPlaceholders('Kenmerk {reference}', { reference: null })).toBe('Kenmerk {reference}');
  });
  it('calls an answer stale only after its review date', () => {
    expect(isStale('2027-05-25', '2027-05-25')).toBe(false);
    expect(isStale('2027-05-25', '2027-05-26')).toBe(true);
  });
});
