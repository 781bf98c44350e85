-- Issue 24: an answer library a lawyer would sign. Every answer states the state of the law it describes
-- (law_date, shown to the reader), rests on sources with an address and the date consulted, and is reviewed sooner
-- when the rule it describes is marked uncertain in reference/domain.md (uncertain = 1: 3 months instead of 12).
-- macro_queue / macro_status: what "Insert and apply" sets on the contact besides the answer's topic (NULL: the
-- topic's own queue / the status unchanged).
ALTER TABLE answers ADD COLUMN law_date TEXT;
ALTER TABLE answers ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN macro_queue TEXT;
ALTER TABLE answers ADD COLUMN macro_status TEXT;

-- The first answers (0009), where nobody changed them since: sources with their addresses, the state of the law,
-- review dates by certainty; the reflection and reporting wording corrected to the rule since 18 May 2023 (every
-- third-country presumed victim, also with lawful residence; Dublin claimants 30 days).
UPDATE answers SET body = 'Een vermoedelijk slachtoffer van mensenhandel met de nationaliteit van een land buiten de EU, de EER en Zwitserland krijgt bedenktijd: een periode om te beslissen of hij of zij aangifte doet of op een andere manier meewerkt aan het strafrechtelijk onderzoek (artikel 8 onder k Vreemdelingenwet). Sinds 18 mei 2023 geldt dat voor alle vermoedelijke slachtoffers uit derde landen, ook voor wie al rechtmatig verblijf heeft. De bedenktijd duurt 90 dagen; Dublinclaimanten krijgen 30 dagen. Dit is een tijdelijke werkwijze in afwachting van definitief beleid.

De politie of de KMar biedt de bedenktijd aan bij de geringste aanwijzing van mensenhandel. Tijdens de bedenktijd schort de IND het vertrek op, zodat het verblijf rechtmatig is. Voor burgers van de EU, de EER en Zwitserland gaat het Europese recht voor; de verblijfsregeling mensenhandel is voor hen een vangnet.

Tijdens de bedenktijd kan een volwassene bij voorkeur in de COSM worden opgevangen (plaatsing alleen via ons), krijgt hij of zij leefgeld op bijstandsniveau via het COA (Rvb) en is hij of zij verzekerd voor medische kosten.

Vragen hierover? Noem ons kenmerk {reference}. Wij zijn weer bereikbaar vanaf {nextOpening}.', sources = 'Vreemdelingenwet 2000, art. 8 onder k — https://wetten.overheid.nl/BWBR0011823 (geraadpleegd 2026-11-25)
Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
WBV 2023/11, Staatscourant 2023, 13577 — https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html (geraadpleegd 2026-11-25)
Nationaal Rapporteur Mensenhandel, nieuwsbericht 27 mei 2023 — https://www.nationaalrapporteur.nl/ (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 1, review_date = '2027-02-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'reflection' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET body = 'A presumed victim of human trafficking who is a national of a country outside the EU, the EEA and Switzerland is offered a reflection period: time to decide whether to report the crime or otherwise cooperate with the criminal investigation (article 8(k) of the Aliens Act). Since 18 May 2023 this applies to every presumed victim from a third country, including those who already have lawful residence. The reflection period lasts 90 days; Dublin claimants get 30 days. This is a temporary working method pending a definitive policy.

The police or the Royal Marechaussee offer it at the slightest indication of trafficking. During the reflection period the Immigration and Naturalisation Service (IND) suspends removal, so the stay is lawful. For citizens of the EU, the EEA and Switzerland, European law comes first; the residence scheme for victims of trafficking is a fallback for them.

During the reflection period an adult can preferably stay in a COSM shelter (placement only through us), receives a living allowance at social-assistance level through COA (Rvb), and is insured for medical costs.

Questions? Please quote our reference {reference}. We are available again from {nextOpening}.', sources = 'Aliens Act 2000, art. 8(k) — https://wetten.overheid.nl/BWBR0011823 (consulted 2026-11-25)
Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
WBV 2023/11, Government Gazette 2023, 13577 — https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html (consulted 2026-11-25)
National Rapporteur, news item of 27 May 2023 — https://www.nationaalrapporteur.nl/ (consulted 2026-11-25)
Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 1, review_date = '2027-02-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'reflection' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
Vreemdelingenbesluit 2000, art. 3.48 en 3.51 — https://wetten.overheid.nl/BWBR0011825 (geraadpleegd 2026-11-25)
IND, verblijfsregeling mensenhandel — https://ind.nl/ (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)
Slachtofferhulp Nederland — https://www.slachtofferhulp.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'permit' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
Aliens Decree 2000, arts. 3.48 and 3.51 — https://wetten.overheid.nl/BWBR0011825 (consulted 2026-11-25)
IND, residence scheme for victims of trafficking — https://ind.nl/ (consulted 2026-11-25)
Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)
Victim Support Netherlands — https://www.slachtofferhulp.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'permit' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET body = 'Een slachtoffer van mensenhandel beslist zelf of hij of zij aangifte doet. Een vermoedelijk slachtoffer uit een land buiten de EU, de EER en Zwitserland krijgt eerst bedenktijd om daarover te beslissen, ook als hij of zij al rechtmatig verblijf heeft (sinds 18 mei 2023; Dublinclaimanten 30 dagen in plaats van 90). Naast aangifte is "medewerking op andere wijze" mogelijk, bijvoorbeeld door een verklaring af te leggen zonder formele aangifte. Een getuige-aangever die meteen aangifte doet, krijgt niet eerst bedenktijd.

Een aangifte van mensenhandel geldt tegelijk als aanvraag van de tijdelijke verblijfsvergunning (B8/3). Als de zaak wordt geseponeerd, eindigt die vergunning; tegen het sepot is beklag mogelijk bij het gerechtshof (artikel 12 Sv), maar dat mag niet in Nederland worden afgewacht. Wie niet kan meewerken door ernstige bedreiging of medische of psychische klachten, kan een ontheffing krijgen.

Twijfelt uw cliënt of is hij of zij bang? Bel ons gerust; ons kenmerk is {reference}.', sources = 'Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
Wetboek van Strafrecht, art. 273f — https://wetten.overheid.nl/BWBR0001854 (geraadpleegd 2026-11-25)
Wetboek van Strafvordering, art. 12 en 51a e.v. — https://wetten.overheid.nl/BWBR0001903 (geraadpleegd 2026-11-25)
IND, verblijfsregeling mensenhandel — https://ind.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'reporting' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET body = 'A victim of trafficking decides for themselves whether to report the crime. A presumed victim from a country outside the EU, the EEA and Switzerland first gets a reflection period to decide, even when they already have lawful residence (since 18 May 2023; Dublin claimants 30 days instead of 90). Besides a formal report, "cooperation in another way" is possible, for example by giving a statement without filing a report. A witness who reports straight away does not first get a reflection period.

A report of trafficking counts at the same time as the application for the temporary residence permit (B8/3). If the case is dropped, that permit ends; a complaint against the decision not to prosecute can be made to the court of appeal (article 12 Code of Criminal Procedure), but it may not be awaited in the Netherlands. Victims who cannot cooperate because of a serious threat or medical or psychological problems can be exempted.

Is your client in doubt or afraid? Do call us; our reference is {reference}.', sources = 'Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
Criminal Code, art. 273f — https://wetten.overheid.nl/BWBR0001854 (consulted 2026-11-25)
Code of Criminal Procedure, arts. 12 and 51a ff. — https://wetten.overheid.nl/BWBR0001903 (consulted 2026-11-25)
IND, residence scheme for victims of trafficking — https://ind.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'reporting' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Vreemdelingenbesluit 2000, art. 3.48 en 3.51 — https://wetten.overheid.nl/BWBR0011825 (geraadpleegd 2026-11-25)
Rb. Den Haag 2017, ECLI:NL:RBDHA:2017:12768 — https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RBDHA:2017:12768 (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 1, review_date = '2027-02-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'continued' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Aliens Decree 2000, arts. 3.48 and 3.51 — https://wetten.overheid.nl/BWBR0011825 (consulted 2026-11-25)
District Court The Hague 2017, ECLI:NL:RBDHA:2017:12768 — https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RBDHA:2017:12768 (consulted 2026-11-25)
Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 1, review_date = '2027-02-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'continued' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
WBV 2023/11, Staatscourant 2023, 13577 — https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html (geraadpleegd 2026-11-25)
Richtlijn 2004/38/EG (vrij verkeer) — https://eur-lex.europa.eu/eli/dir/2004/38/oj (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'eu' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
WBV 2023/11, Government Gazette 2023, 13577 — https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html (consulted 2026-11-25)
Directive 2004/38/EC (free movement) — https://eur-lex.europa.eu/eli/dir/2004/38/oj (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'eu' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
WBV 2023/11, Staatscourant 2023, 13577 — https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html (geraadpleegd 2026-11-25)
IND, verblijfsregeling mensenhandel — https://ind.nl/ (geraadpleegd 2026-11-25)
Rb. Den Haag 2021, ECLI:NL:RBDHA:2021:8048 — https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RBDHA:2021:8048 (geraadpleegd 2026-11-25)
Best practices leidraad BRP, §20.7 — https://www.bestpracticesleidraad.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 1, review_date = '2027-02-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'asylum' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
WBV 2023/11, Government Gazette 2023, 13577 — https://zoek.officielebekendmakingen.nl/stcrt-2023-13577.html (consulted 2026-11-25)
IND, residence scheme for victims of trafficking — https://ind.nl/ (consulted 2026-11-25)
District Court The Hague 2021, ECLI:NL:RBDHA:2021:8048 — https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RBDHA:2021:8048 (consulted 2026-11-25)
BRP best-practice guide, §20.7 — https://www.bestpracticesleidraad.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 1, review_date = '2027-02-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'asylum' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)
OM, Aanwijzing mensenhandel — https://www.om.nl/ (geraadpleegd 2026-11-25)
DT&V, mensenhandel — https://www.dienstterugkeerenvertrek.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'minor' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)
Public Prosecution Service, instruction on trafficking (Aanwijzing mensenhandel) — https://www.om.nl/ (consulted 2026-11-25)
Repatriation and Departure Service (DT&V), trafficking — https://www.dienstterugkeerenvertrek.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'minor' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'CoMensha, coördinatie opvang (COSM) — https://www.comensha.nl/onze-helpdesk/coordinatie-opvang/ (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'shelter' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'CoMensha, shelter coordination (COSM) — https://www.comensha.nl/onze-helpdesk/coordinatie-opvang/ (consulted 2026-11-25)
Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'shelter' AND language = 'en' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'CoMensha, registratie — https://www.comensha.nl/onze-helpdesk/registratie/ (geraadpleegd 2026-11-25)
CoMensha, Het beeld van 2020, bijlage 1 — https://publicaties.comensha.nl/het_beeld_van_2020/bijlage_1 (geraadpleegd 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'registration' AND language = 'nl' AND version = 1 AND created_by IS NULL;
UPDATE answers SET sources = 'CoMensha, registration — https://www.comensha.nl/onze-helpdesk/registratie/ (consulted 2026-11-25)
CoMensha, The picture of 2020, appendix 1 — https://publicaties.comensha.nl/het_beeld_van_2020/bijlage_1 (consulted 2026-11-25)', law_date = '2026-11-25', uncertain = 0, review_date = '2027-11-25', updated_at = '2026-12-07T00:00:00.000Z'
  WHERE topic = 'registration' AND language = 'en' AND version = 1 AND created_by IS NULL;

-- The other ten topics, in Dutch and English, written from reference/domain.md §0, §3 and §5. Drafts until a user
-- with the legal role approves them.
INSERT INTO answers (topic, language, title, body, sources, owner, review_date, law_date, uncertain, created_at, updated_at) VALUES
('coordination', 'nl', 'Zorgcoördinatie: wie regelt de hulp na de melding?',
'In de meeste regio''s is er een zorgcoördinator mensenhandel: die zorgt dat een slachtoffer de juiste hulp krijgt, van opvang en medische zorg tot juridische hulp, en houdt de regie over de hulpverlening. Wij kunnen u vertellen wie de zorgcoördinator in uw regio is en brengen u met haar of hem in contact.

In een regio zonder zorgcoördinator coördineert onze helpdesk de zorg op afstand: wij zoeken samen met u passende opvang en hulp, en blijven aanspreekpunt tot de hulp geregeld is. Daarvoor is toestemming van uw cliënt nodig om gegevens met de betrokken hulpverleners te delen.

Wilt u een casus overleggen? Noem ons kenmerk {reference}. Wij zijn weer bereikbaar vanaf {nextOpening}.',
'CoMensha, coördinatie opvang — https://www.comensha.nl/onze-helpdesk/coordinatie-opvang/ (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel, zorgcoördinatoren: CoMensha — https://www.wegwijzermensenhandel.nl/zorgcoordinatoren/coordinatoren/comensha (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('coordination', 'en', 'Care coordination: who arranges help after a registration?',
'Most regions have a care coordinator for victims of trafficking, who makes sure a victim gets the right help, from shelter and medical care to legal assistance, and keeps an overview of all the support. We can tell you who the care coordinator in your region is and put you in touch.

In a region without a care coordinator, our help desk coordinates care at a distance: together with you we look for suitable shelter and support, and we remain your point of contact until the help is in place. This requires your client''s consent to share their details with the professionals involved.

Would you like to discuss a case? Please quote our reference {reference}. We are available again from {nextOpening}.',
'CoMensha, shelter coordination — https://www.comensha.nl/onze-helpdesk/coordinatie-opvang/ (consulted 2026-11-25)
Wegwijzer Mensenhandel, care coordinators: CoMensha — https://www.wegwijzermensenhandel.nl/zorgcoordinatoren/coordinatoren/comensha (consulted 2026-11-25)',
'Legal team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('work', 'nl', 'Werken tijdens de bedenktijd en met een B8/3-vergunning',
'Met een tijdelijke verblijfsvergunning mensenhandel (B8/3) mag een slachtoffer werken en studeren; een tewerkstellingsvergunning (TWV) is niet nodig. Wie geen werk heeft, kan zo nodig bijstand aanvragen (artikel 11 lid 2 Participatiewet).

Of iemand tijdens de bedenktijd mag werken, is niet duidelijk geregeld: wij hebben daar geen bron voor gevonden. Ga er daarom van uit dat werken tijdens de bedenktijd niet zonder meer is toegestaan, en leg de situatie van uw cliënt aan ons juridisch team voor.

Heeft uw cliënt loon tegoed van een (vroegere) werkgever of uitzendbureau? Een advocaat of FairWork kan helpen het achterstallige loon te vorderen.

Ons kenmerk: {reference}.',
'Wet arbeid vreemdelingen — https://wetten.overheid.nl/BWBR0007149 (geraadpleegd 2026-11-25)
Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
Participatiewet, art. 11 — https://wetten.overheid.nl/BWBR0015703 (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('work', 'en', 'Working during the reflection period and with a B8/3 permit',
'With a temporary residence permit for victims of trafficking (B8/3), a victim may work and study; no work permit (TWV) is needed. Someone without work can apply for social assistance if needed (article 11(2) Participation Act).

Whether someone may work during the reflection period is not clearly regulated: we have found no source on it. Please assume that working during the reflection period is not simply allowed, and put your client''s situation to our legal team.

Is your client owed wages by a (former) employer or employment agency? A lawyer or FairWork can help to claim the unpaid wages.

Our reference: {reference}.',
'Foreign Nationals Employment Act (Wav) — https://wetten.overheid.nl/BWBR0007149 (consulted 2026-11-25)
Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
Participation Act, art. 11 — https://wetten.overheid.nl/BWBR0015703 (consulted 2026-11-25)
Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)',
'Legal team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('benefits', 'nl', 'Leefgeld, bijstand en zorgverzekering',
'Wat een slachtoffer krijgt, hangt af van zijn of haar verblijfssituatie:
- Tijdens de bedenktijd: leefgeld op het niveau van de bijstand via het COA (Regeling verstrekkingen bepaalde categorieën vreemdelingen, Rvb) en een verzekering voor medische kosten.
- Met een tijdelijke verblijfsvergunning mensenhandel (B8/3): zo nodig bijstand van de gemeente (artikel 11 lid 2 Participatiewet). Waarschijnlijk geldt dan ook de gewone plicht tot een zorgverzekering; laat dat per geval nagaan.
- Minderjarigen in de Beschermde Opvang krijgen een klein weekgeld en zijn verzekerd.

Is uw cliënt in een opvang geplaatst, dan regelt de opvang of de zorgcoördinator deze zaken meestal mee. Twijfelt u, bel ons dan; ons kenmerk is {reference}.',
'Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)
Participatiewet, art. 11 — https://wetten.overheid.nl/BWBR0015703 (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel (verblijf; opvang, FAQ 3; ondersteuning) — https://www.wegwijzermensenhandel.nl/ (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('benefits', 'en', 'Living allowance, social assistance and health insurance',
'What a victim receives depends on their residence situation:
- During the reflection period: a living allowance at the level of social assistance through COA (Regulation on provisions for certain categories of aliens, Rvb), and insurance for medical costs.
- With a temporary residence permit for victims of trafficking (B8/3): social assistance from the municipality if needed (article 11(2) Participation Act). The ordinary duty to take out health insurance probably applies then as well; have this checked case by case.
- Minors in Protected Shelter (Beschermde Opvang) receive a small weekly allowance and are insured.

If your client has been placed in a shelter, the shelter or the care coordinator usually arranges these matters. In doubt, call us; our reference is {reference}.',
'Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)
Participation Act, art. 11 — https://wetten.overheid.nl/BWBR0015703 (consulted 2026-11-25)
Wegwijzer Mensenhandel (residence; shelter, FAQ 3; support) — https://www.wegwijzermensenhandel.nl/ (consulted 2026-11-25)',
'Legal team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('brp', 'nl', 'Inschrijving in de BRP en een BSN',
'Voor inschrijving in de basisregistratie personen (BRP) gelden drie voorwaarden: rechtmatig verblijf, een verwacht verblijf van ten minste twee derde van zes maanden, en een vastgestelde identiteit. Met de inschrijving krijgt iemand een burgerservicenummer (BSN), nodig voor onder meer een bankrekening, een uitkering en zorg.

Met een tijdelijke verblijfsvergunning mensenhandel (B8/3) hoort inschrijving mogelijk te zijn. Of inschrijving al tijdens de bedenktijd kan, is niet zeker. Dublinclaimanten worden in de praktijk niet ingeschreven.

Loopt uw cliënt gevaar als het adres bekend wordt? Vraag de gemeente naar geheimhouding van gegevens uit de BRP. Omdat de regels hier onzeker zijn, legt u de vraag het beste voor aan ons juridisch team; ons kenmerk is {reference}.',
'Wet basisregistratie personen — https://wetten.overheid.nl/BWBR0033715 (geraadpleegd 2026-11-25)
Best practices leidraad BRP, §20.7 — https://www.bestpracticesleidraad.nl/ (geraadpleegd 2026-11-25)
Vreemdelingencirculaire 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('brp', 'en', 'Registration in the municipal register (BRP) and a citizen service number',
'Registration in the municipal personal records database (BRP) has three conditions: lawful residence, an expected stay of at least two thirds of six months, and an established identity. Registration gives a citizen service number (BSN), which is needed for a bank account, benefits and care, among other things.

With a temporary residence permit for victims of trafficking (B8/3), registration should be possible. Whether registration is possible during the reflection period is not certain. In practice, Dublin claimants are not registered.

Is your client at risk if their address becomes known? Ask the municipality about keeping BRP data confidential. Because the rules are uncertain here, it is best to put the question to our legal team; our reference is {reference}.',
'Personal Records Database Act (Wet BRP) — https://wetten.overheid.nl/BWBR0033715 (consulted 2026-11-25)
BRP best-practice guide, §20.7 — https://www.bestpracticesleidraad.nl/ (consulted 2026-11-25)
Aliens Circular 2000 (B), B8/3 — https://wetten.overheid.nl/BWBR0012289 (consulted 2026-11-25)',
'Legal team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('compensation', 'nl', 'Schadevergoeding en rechtsbijstand voor slachtoffers',
'Een slachtoffer van mensenhandel kan op verschillende manieren schadevergoeding krijgen:
- in de strafzaak, door zich als benadeelde partij te voegen en de schade van de verdachte te vorderen (artikel 51f Wetboek van Strafvordering);
- bij het Schadefonds Geweldsmisdrijven, een uitkering voor ernstig letsel door een geweldsmisdrijf, ook als de dader niet bekend is;
- bij achterstallig loon: via een loonvordering op de werkgever, met hulp van een advocaat of FairWork.

Een slachtoffer van mensenhandel heeft recht op een advocaat; de Raad voor Rechtsbijstand bepaalt of dat kosteloos kan (een toevoeging). Slachtofferhulp Nederland helpt gratis bij de voeging en bij een aanvraag bij het Schadefonds.

Wij verwijzen u graag door; ons kenmerk is {reference}.',
'Wetboek van Strafvordering, art. 12 en 51a e.v. — https://wetten.overheid.nl/BWBR0001903 (geraadpleegd 2026-11-25)
Schadefonds Geweldsmisdrijven — https://www.schadefonds.nl/ (geraadpleegd 2026-11-25)
Slachtofferhulp Nederland — https://www.slachtofferhulp.nl/ (geraadpleegd 2026-11-25)
Raad voor Rechtsbijstand — https://www.rvr.org/ (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('compensation', 'en', 'Compensation and legal aid for victims',
'A victim of trafficking can obtain compensation in several ways:
- in the criminal case, by joining the proceedings as an injured party and claiming the damage from the suspect (article 51f Code of Criminal Procedure);
- from the Violent Offences Compensation Fund (Schadefonds Geweldsmisdrijven), a payment for serious injury caused by a violent crime, even when the offender is unknown;
- for unpaid wages: through a wage claim against the employer, with the help of a lawyer or FairWork.

A victim of trafficking is entitled to a lawyer; the Legal Aid Board (Raad voor Rechtsbijstand) decides whether this can be free of charge. Victim Support Netherlands (Slachtofferhulp) helps free of charge with joining the proceedings and with an application to the Fund.

We are glad to refer you; our reference is {reference}.',
'Code of Criminal Procedure, arts. 12 and 51a ff. — https://wetten.overheid.nl/BWBR0001903 (consulted 2026-11-25)
Violent Offences Compensation Fund — https://www.schadefonds.nl/ (consulted 2026-11-25)
Victim Support Netherlands — https://www.slachtofferhulp.nl/ (consulted 2026-11-25)
Legal Aid Board — https://www.rvr.org/ (consulted 2026-11-25)',
'Legal team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('return', 'nl', 'Terugkeer naar het land van herkomst',
'Wil uw cliënt terug naar het land van herkomst? De Internationale Organisatie voor Migratie (IOM) ondersteunt vrijwillige terugkeer, zo nodig met hulp bij herintegratie in het land van herkomst. IOM kan ook nagaan of terugkeer veilig is en welke hulp daar beschikbaar is.

Bespreek met uw cliënt vooraf wat terugkeer betekent voor een lopende aangifte of strafzaak en voor een verblijfsvergunning. Verblijft uw cliënt in een opvang, dan stemt u de terugkeer af met de opvang of de zorgcoördinator.

Ons kenmerk: {reference}.',
'IOM Nederland, vrijwillige terugkeer en herintegratie — https://www.iom-nederland.nl/ (geraadpleegd 2026-11-25)
DT&V, mensenhandel — https://www.dienstterugkeerenvertrek.nl/ (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('return', 'en', 'Return to the country of origin',
'Does your client want to return to their country of origin? The International Organization for Migration (IOM) supports voluntary return, with help to reintegrate in the country of origin where needed. IOM can also check whether return is safe and what help is available there.

Discuss with your client beforehand what return means for a pending police report or criminal case and for a residence permit. If your client stays in a shelter, coordinate the return with the shelter or the care coordinator.

Our reference: {reference}.',
'IOM Netherlands, voluntary return and reintegration — https://www.iom-nederland.nl/ (consulted 2026-11-25)
Repatriation and Departure Service (DT&V), trafficking — https://www.dienstterugkeerenvertrek.nl/ (consulted 2026-11-25)',
'Legal team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('indicators', 'nl', 'Signalen: is dit mensenhandel?',
'Mensenhandel is het werven, vervoeren of huisvesten van iemand met dwang, misleiding of misbruik van een kwetsbare positie, met het oogmerk van uitbuiting (artikel 273f Wetboek van Strafrecht). Uitbuiting kan seksueel zijn, in arbeid, crimineel (bijvoorbeeld gedwongen drugs verkopen of stelen), in bedelarij, of de verwijdering van organen. Bij een minderjarige is geen dwang nodig: die is altijd slachtoffer.

Signalen zijn onder meer: een ingenomen paspoort of identiteitsbewijs, een schuld die niet af te lossen is, geen of weinig loon, wonen op het werk of via de werkgever, niet vrij kunnen gaan en staan, bang zijn voor een ander of voor de politie, en iemand die voor het slachtoffer het woord voert.

U hoeft niet zeker te weten dat het mensenhandel is: bij een vermoeden kunt u het (mogelijke) slachtoffer bij ons aanmelden. Is iemand nu in gevaar, bel dan 112. Ons kenmerk is {reference}.',
'Wetboek van Strafrecht, art. 273f — https://wetten.overheid.nl/BWBR0001854 (geraadpleegd 2026-11-25)
Richtlijn 2011/36/EU (mensenhandel) — https://eur-lex.europa.eu/eli/dir/2011/36/oj (geraadpleegd 2026-11-25)
CoMensha, registratie — https://www.comensha.nl/onze-helpdesk/registratie/ (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('indicators', 'en', 'Indicators: is this human trafficking?',
'Human trafficking is recruiting, transporting or housing a person by force, deception or abuse of a vulnerable position, for the purpose of exploitation (article 273f Dutch Criminal Code). Exploitation can be sexual, in labour, criminal (for example being forced to sell drugs or steal), in begging, or the removal of organs. For a minor no force is needed: a child is always a victim.

Indicators include: a passport or identity document taken away, a debt that cannot be paid off, little or no pay, living at the workplace or through the employer, not being free to come and go, fear of someone else or of the police, and someone else speaking for the victim.

You do not need to be certain that it is trafficking: on a suspicion you can register the (possible) victim with us. Is someone in danger right now? Call 112. Our reference is {reference}.',
'Criminal Code, art. 273f — https://wetten.overheid.nl/BWBR0001854 (consulted 2026-11-25)
Directive 2011/36/EU (trafficking in human beings) — https://eur-lex.europa.eu/eli/dir/2011/36/oj (consulted 2026-11-25)
CoMensha, registration — https://www.comensha.nl/onze-helpdesk/registratie/ (consulted 2026-11-25)',
'Legal team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('privacy', 'nl', 'Privacy: gegevens delen met ons, met de politie en met hulpverleners',
'Wij registreren slachtoffers met twee doelen, die wij gescheiden houden: de landelijke registratie (de gegevens gaan geanonimiseerd naar de Nationaal Rapporteur) en de coördinatie van opvang en zorg.

Meldingen van de politie, de KMar en de Arbeidsinspectie hebben een eigen wettelijke grondslag. Meldt u als andere professional, vraag dan de (schriftelijke) toestemming van uw cliënt voor de registratie; voor het delen van gegevens voor opvang en zorg is altijd toestemming van de cliënt nodig. Voor een kind onder de 16 geeft de ouder of voogd toestemming (bij een alleenstaande minderjarige: de voogd van Nidos).

Professionals denken soms ten onrechte dat zij nooit zonder toestemming mogen delen. Of delen zonder toestemming in uw situatie mag, hangt af van uw beroepsgeheim en de wettelijke grondslag; leg die vraag voor aan ons juridisch team of uw eigen functionaris gegevensbescherming.

Uw cliënt mag vragen welke gegevens wij over hem of haar hebben (inzage) en om correctie of verwijdering. Ons kenmerk is {reference}.',
'Algemene verordening gegevensbescherming (EU) 2016/679 — https://eur-lex.europa.eu/eli/reg/2016/679/oj (geraadpleegd 2026-11-25)
Uitvoeringswet AVG — https://wetten.overheid.nl/BWBR0040940 (geraadpleegd 2026-11-25)
CoMensha, consequenties AVG voor werkwijze — https://www.comensha.nl/actualiteiten/item/consequenties-avg-voor-werkwijze-comensha/ (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel, afspraken over melden en uitwisselen van gegevens — https://www.wegwijzermensenhandel.nl/Signaleren/Afspraken-over-melden-uitwisselen-gegevens/ (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('privacy', 'en', 'Privacy: sharing data with us, with the police and with care providers',
'We register victims for two purposes, which we keep apart: the national registration (the data go to the National Rapporteur anonymised) and the coordination of shelter and care.

Reports from the police, the Royal Marechaussee and the Labour Inspectorate have their own legal basis. If you report as another professional, please ask your client for (written) consent to the registration; sharing data for shelter and care always requires the client''s consent. For a child under 16 the parent or guardian gives consent (for an unaccompanied minor: the Nidos guardian).

Professionals sometimes wrongly believe they may never share without consent. Whether you may share without consent in your situation depends on your professional confidentiality and the legal basis; put that question to our legal team or your own data protection officer.

Your client may ask which data we hold about them (access) and ask for correction or deletion. Our reference is {reference}.',
'General Data Protection Regulation (EU) 2016/679 — https://eur-lex.europa.eu/eli/reg/2016/679/oj (consulted 2026-11-25)
GDPR Implementation Act (UAVG) — https://wetten.overheid.nl/BWBR0040940 (consulted 2026-11-25)
CoMensha, what the GDPR means for its way of working — https://www.comensha.nl/actualiteiten/item/consequenties-avg-voor-werkwijze-comensha/ (consulted 2026-11-25)
Wegwijzer Mensenhandel, agreements on reporting and sharing data — https://www.wegwijzermensenhandel.nl/Signaleren/Afspraken-over-melden-uitwisselen-gegevens/ (consulted 2026-11-25)',
'Legal team', '2027-02-25', '2026-11-25', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('information', 'nl', 'Wat de helpdesk voor u kan doen',
'Onze helpdesk is er voor iedereen die met mensenhandel te maken heeft of er vragen over heeft: professionals en (mogelijke) slachtoffers zelf. Wij:
- registreren (mogelijke) slachtoffers van mensenhandel;
- plaatsen slachtoffers in de categorale opvang (COSM) en coördineren opvang en zorg in regio''s zonder zorgcoördinator;
- beantwoorden juridische vragen, bijvoorbeeld over de bedenktijd, aangifte doen en de verblijfsregeling.

U bereikt ons op werkdagen van 09:00 tot 17:00 uur, telefonisch en per e-mail. Wij zijn weer bereikbaar vanaf {nextOpening}. Bij direct gevaar belt u 112. Ons kenmerk is {reference}.',
'CoMensha, registratie — https://www.comensha.nl/onze-helpdesk/registratie/ (geraadpleegd 2026-11-25)
Wegwijzer Mensenhandel, zorgcoördinatoren: CoMensha — https://www.wegwijzermensenhandel.nl/zorgcoordinatoren/coordinatoren/comensha (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('information', 'en', 'What the help desk can do for you',
'Our help desk is there for everyone who deals with human trafficking or has questions about it: professionals and (possible) victims themselves. We:
- register (possible) victims of human trafficking;
- place victims in the dedicated shelter for victims of trafficking (COSM) and coordinate shelter and care in regions without a care coordinator;
- answer legal questions, for example about the reflection period, reporting the crime and the residence scheme.

You can reach us on working days from 09:00 to 17:00, by phone and by email. We are available again from {nextOpening}. In immediate danger, call 112. Our reference is {reference}.',
'CoMensha, registration — https://www.comensha.nl/onze-helpdesk/registratie/ (consulted 2026-11-25)
Wegwijzer Mensenhandel, care coordinators: CoMensha — https://www.wegwijzermensenhandel.nl/zorgcoordinatoren/coordinatoren/comensha (consulted 2026-11-25)',
'Legal team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('training', 'nl', 'Voorlichting en training over mensenhandel',
'Dank voor uw belangstelling voor voorlichting over mensenhandel. Wij vertellen graag over signalen van mensenhandel, over aanmelden bij ons en over wat een slachtoffer aan opvang, zorg en verblijf kan krijgen.

Laat ons weten voor wie de voorlichting is (organisatie en functie van de deelnemers), hoeveel deelnemers er zijn, welke onderwerpen u wilt behandelen en welke data u schikken. Wij nemen binnen enkele werkdagen contact met u op.

Cijfers en achtergronden vindt u in onze publicaties en in de rapporten van de Nationaal Rapporteur. Ons kenmerk is {reference}.',
'CoMensha, registratie — https://www.comensha.nl/onze-helpdesk/registratie/ (geraadpleegd 2026-11-25)
CoMensha, Het beeld van 2020, bijlage 1 — https://publicaties.comensha.nl/het_beeld_van_2020/bijlage_1 (geraadpleegd 2026-11-25)',
'Juridisch team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),

('training', 'en', 'Awareness sessions and training on human trafficking',
'Thank you for your interest in a session on human trafficking. We are glad to talk about the indicators of trafficking, about registering with us and about the shelter, care and residence a victim can get.

Please let us know who the session is for (organisation and role of the participants), how many participants there will be, which subjects you would like to cover and which dates suit you. We will contact you within a few working days.

Figures and background information can be found in our publications and in the reports of the National Rapporteur. Our reference is {reference}.',
'CoMensha, registration — https://www.comensha.nl/onze-helpdesk/registratie/ (consulted 2026-11-25)
CoMensha, The picture of 2020, appendix 1 — https://publicaties.comensha.nl/het_beeld_van_2020/bijlage_1 (consulted 2026-11-25)',
'Legal team', '2027-11-25', '2026-11-25', 0, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z');
