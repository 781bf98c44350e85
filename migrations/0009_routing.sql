-- Legal-question routing (SPEC §5): the answer library kept by the legal role, each use of an answer, and the
-- agents' corrections of the classifier (what it suggested, what the agent chose — never the contact's text;
-- the accuracy report re-reads a text from its contact when it needs one).

CREATE TABLE answers (
  id          INTEGER PRIMARY KEY,
  topic       TEXT NOT NULL CHECK (topic IN ('registration','shelter','coordination','reflection','reporting','permit',
                'continued','eu','minor','asylum','work','benefits','brp','compensation','return','indicators',
                'privacy','information','training')),
  language    TEXT NOT NULL CHECK (language IN ('nl','en')),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  sources     TEXT NOT NULL DEFAULT '',          -- the rules and pages the answer rests on, one a line
  owner       TEXT NOT NULL DEFAULT '',          -- who keeps it: a team or a person of the desk
  review_date TEXT NOT NULL,                     -- YYYY-MM-DD; after it the answer is shown as stale
  status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  approved_by INTEGER REFERENCES users(id),
  approved_at TEXT,
  use_count   INTEGER NOT NULL DEFAULT 0,
  version     INTEGER NOT NULL DEFAULT 1,        -- an edit carries the version it was drawn from (409 when stale)
  created_by  INTEGER REFERENCES users(id),      -- NULL: shipped with Baken (this migration)
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX answers_topic ON answers(topic, language);

-- One row per use of an answer in a reply or on a call (recordAnswerUse); answers.use_count counts them.
CREATE TABLE answer_uses (
  id         INTEGER PRIMARY KEY,
  answer_id  INTEGER NOT NULL REFERENCES answers(id),
  contact_id INTEGER REFERENCES contacts(id),
  user_id    INTEGER REFERENCES users(id),
  at         TEXT NOT NULL
);
CREATE INDEX answer_uses_answer ON answer_uses(answer_id, at);

-- An agent's override of the routing suggestion. Topics are JSON arrays of topic codes.
CREATE TABLE routing_corrections (
  id                INTEGER PRIMARY KEY,
  contact_id        INTEGER NOT NULL REFERENCES contacts(id),
  at                TEXT NOT NULL,
  user_id           INTEGER REFERENCES users(id),
  lexicon_version   TEXT NOT NULL,
  suggested_queue   TEXT NOT NULL,
  suggested_topics  TEXT NOT NULL DEFAULT '[]',
  suggested_urgent  INTEGER NOT NULL DEFAULT 0,
  chosen_queue      TEXT NOT NULL,
  chosen_topics     TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX routing_corrections_at ON routing_corrections(at);
CREATE INDEX routing_corrections_contact ON routing_corrections(contact_id);

-- The first answers, written from reference/domain.md §3.1. Every one is a draft "to be checked by the legal
-- team" until a user with the legal role approves it. Placeholders, filled when an answer is inserted into a
-- reply: {reference} the contact's reference (HD-2026-000123), {nextOpening} when the desk next opens.
INSERT INTO answers (topic, language, title, body, sources, owner, review_date, created_at, updated_at) VALUES
('reflection', 'nl', 'Bedenktijd: wat het is en hoe lang',
'Een vermoedelijk slachtoffer van mensenhandel zonder verblijfsrecht krijgt bedenktijd: een periode om te beslissen of hij of zij aangifte doet of op een andere manier meewerkt aan het strafrechtelijk onderzoek (artikel 8 onder k Vreemdelingenwet). De politie of de KMar biedt de bedenktijd aan bij de geringste aanwijzing van mensenhandel. Tijdens de bedenktijd schort de IND het vertrek op, zodat het verblijf rechtmatig is.

Sinds 18 mei 2023 krijgen alle vermoedelijke slachtoffers uit derde landen 90 dagen, ook wie al rechtmatig verblijf heeft; Dublinclaimanten krijgen 30 dagen. Dit is een tijdelijke werkwijze in afwachting van definitief beleid.

Tijdens de bedenktijd kan een volwassene bij voorkeur in de COSM worden opgevangen (plaatsing alleen via ons), krijgt hij of zij leefgeld op bijstandsniveau via het COA (Rvb) en is hij of zij verzekerd voor medische kosten.

Vragen hierover? Noem ons kenmerk {reference}. Wij zijn weer bereikbaar vanaf {nextOpening}.',
'Art. 8 onder k Vw 2000
Vreemdelingencirculaire B8/3 (WBV 2023/11, Stcrt. 2023, 13577)
HvJ EU 20 oktober 2022; NRM-nieuwsbericht 27 mei 2023
Regeling verstrekkingen bepaalde categorieën vreemdelingen (Rvb)
wegwijzermensenhandel.nl (opvang en verblijf)', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('reflection', 'en', 'Reflection period: what it is and how long it lasts',
'A presumed victim of human trafficking without residence rights is offered a reflection period: time to decide whether to report the crime or otherwise cooperate with the criminal investigation (article 8(k) of the Aliens Act). The police or the Royal Marechaussee offer it at the slightest indication of trafficking. During the reflection period the Immigration and Naturalisation Service (IND) suspends removal, so the stay is lawful.

Since 18 May 2023 every presumed victim from a third country gets 90 days, including those who already have lawful residence; Dublin claimants get 30 days. This is a temporary working method pending a definitive policy.

During the reflection period an adult can preferably stay in a COSM shelter (placement only through us), receives a living allowance at social-assistance level through COA (Rvb), and is insured for medical costs.

Questions? Please quote our reference {reference}. We are available again from {nextOpening}.',
'Art. 8(k) Aliens Act 2000
Aliens Circular B8/3 (WBV 2023/11, Stcrt. 2023, 13577)
CJEU judgment of 20 October 2022; National Rapporteur news, 27 May 2023
Rvb (Regulation on provisions for certain categories of aliens)
wegwijzermensenhandel.nl (shelter and residence)', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('permit', 'nl', 'Tijdelijke verblijfsvergunning mensenhandel (B8/3)',
'Wie aangifte doet van mensenhandel, vraagt daarmee meteen een tijdelijke verblijfsvergunning aan (verblijfsregeling mensenhandel, Vreemdelingencirculaire B8/3, artikel 3.48 Vreemdelingenbesluit). De aanvraag is gratis. De vergunning ("humanitair tijdelijk") is een jaar geldig, kan worden verlengd en loopt zolang het opsporingsonderzoek en de strafvervolging duren. Zij eindigt als het onderzoek of de vervolging stopt (bijvoorbeeld bij een sepot); een beklag tegen niet-vervolging (artikel 12 Sv) mag niet in Nederland worden afgewacht.

Wie niet kan meewerken door ernstige bedreiging, medische of psychische beperkingen, of omdat hij of zij minderjarig is, kan toch in aanmerking komen, met een verklaring van de politie of de KMar en/of een medische verklaring. Voor Dublinclaimanten geldt dat de vergunning alleen wordt verleend als het OM hun aanwezigheid nodig vindt voor het onderzoek.

Met een B8/3-vergunning mag iemand werken en studeren.

Ons kenmerk: {reference}.',
'Vreemdelingencirculaire B8/3; art. 3.48 Vb 2000
IND, verblijfsregeling mensenhandel
wegwijzermensenhandel.nl (verblijf); slachtofferhulp.nl
CoMensha, pagina verblijfsregeling', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('permit', 'en', 'Temporary residence permit for victims of trafficking (B8/3)',
'Reporting human trafficking to the police counts at once as the application for a temporary residence permit (the residence scheme for victims of trafficking, Aliens Circular B8/3, article 3.48 Aliens Decree). The application is free of charge. The permit ("humanitarian temporary") is valid for one year, can be extended, and lasts as long as the investigation and prosecution. It ends when the investigation or prosecution ends or is dropped; a complaint against a decision not to prosecute (article 12 Code of Criminal Procedure) may not be awaited in the Netherlands.

Victims who cannot cooperate because of a serious threat, medical or psychological limitations, or because they are minors may still qualify, with a statement from the police or the Royal Marechaussee and/or a medical statement. Dublin claimants get the permit only when the Public Prosecution Service finds their presence necessary for the investigation.

A B8/3 permit allows its holder to work and study.

Our reference: {reference}.',
'Aliens Circular B8/3; art. 3.48 Aliens Decree 2000
IND, residence scheme for victims of trafficking
wegwijzermensenhandel.nl (residence); slachtofferhulp.nl
CoMensha, residence scheme page', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('reporting', 'nl', 'Aangifte doen of op een andere manier meewerken',
'Een slachtoffer van mensenhandel beslist zelf of hij of zij aangifte doet. Wie geen verblijfsrecht heeft, krijgt eerst bedenktijd om daarover te beslissen. Naast aangifte is "medewerking op andere wijze" mogelijk, bijvoorbeeld door een verklaring af te leggen zonder formele aangifte. Wie als getuige-aangever meewerkt, krijgt niet eerst bedenktijd.

Een aangifte van mensenhandel geldt tegelijk als aanvraag van de tijdelijke verblijfsvergunning (B8/3). Als de zaak wordt geseponeerd, eindigt die vergunning; tegen het sepot is beklag mogelijk bij het gerechtshof (artikel 12 Sv), maar dat mag niet in Nederland worden afgewacht. Wie niet kan meewerken door ernstige bedreiging of medische of psychische klachten, kan een ontheffing krijgen.

Twijfelt uw cliënt of is hij of zij bang? Bel ons gerust; ons kenmerk is {reference}.',
'Vreemdelingencirculaire B8/3 (WBV 2023/11)
Art. 273f Sr; art. 12 Sv
IND, verblijfsregeling mensenhandel; wegwijzermensenhandel.nl', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('reporting', 'en', 'Reporting the crime or cooperating in another way',
'A victim of trafficking decides for themselves whether to report the crime. Someone without residence rights first gets a reflection period to decide. Besides a formal report, "cooperation in another way" is possible, for example by giving a statement without filing a report. A witness who reports does not first get a reflection period.

A report of trafficking counts at the same time as the application for the temporary residence permit (B8/3). If the case is dropped, that permit ends; a complaint against the decision not to prosecute can be made to the court of appeal (article 12 Code of Criminal Procedure), but it may not be awaited in the Netherlands. Victims who cannot cooperate because of a serious threat or medical or psychological problems can be exempted.

Is your client in doubt or afraid? Do call us; our reference is {reference}.',
'Aliens Circular B8/3 (WBV 2023/11)
Art. 273f Criminal Code; art. 12 Code of Criminal Procedure
IND, residence scheme for victims of trafficking; wegwijzermensenhandel.nl', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('continued', 'nl', 'Voortgezet verblijf na de strafzaak',
'Na de tijdelijke vergunning (B8/3) kan een slachtoffer voortgezet verblijf aanvragen: een verblijfsvergunning "humanitair niet-tijdelijk" (artikel 3.51 lid 1 onder k Vreemdelingenbesluit, voorheen B16/7). Dat kan:
- na een veroordeling; ook een veroordeling voor een ander delict telt, als mensenhandel (273f Sr) in de tenlastelegging stond;
- na ten minste drie jaar verblijf met een B8/3-vergunning; volgens de rechtspraak moeten die drie jaar ononderbroken zijn;
- na een sepot kan het slachtoffer een aanvraag humanitair niet-tijdelijk indienen.

Let op: de volledige lijst van gronden (bijvoorbeeld na vrijspraak) moet per geval worden nagegaan. Wij kijken graag mee; ons kenmerk is {reference}.',
'Art. 3.51 lid 1 onder k Vb 2000 (voorheen Vc B16/7)
ECLI:NL:RBDHA:2017:12768
wegwijzermensenhandel.nl; CoMensha, "Hoe lang mogen mensen blijven"', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('continued', 'en', 'Continued residence after the criminal case',
'After the temporary permit (B8/3) a victim can apply for continued residence: a "humanitarian non-temporary" residence permit (article 3.51(1)(k) Aliens Decree, formerly B16/7). This is possible:
- after a conviction; a conviction for another offence also counts, as long as trafficking (art. 273f Criminal Code) was in the indictment;
- after holding a B8/3 permit for at least three years; case law suggests the three years must be uninterrupted;
- after a case is dropped, the victim may apply for humanitarian non-temporary residence.

Please note: the full list of grounds (for example after an acquittal) has to be checked case by case. We are glad to look at it with you; our reference is {reference}.',
'Art. 3.51(1)(k) Aliens Decree 2000 (formerly Aliens Circular B16/7)
ECLI:NL:RBDHA:2017:12768
wegwijzermensenhandel.nl; CoMensha, "How long may people stay"', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('eu', 'nl', 'Slachtoffers met de nationaliteit van een EU-land, de EER of Zwitserland',
'Voor burgers van de EU, de EER en Zwitserland gaat het Europese recht (vrij verkeer) voor. Zij kunnen rechten ontlenen aan de verblijfsregeling mensenhandel (B8/3) voor zover zij geen rechten ontlenen aan het gemeenschapsrecht: B8/3 is dus een vangnet. Of iemand recht heeft op bedenktijd, opvang of een uitkering hangt daarom af van zijn of haar verblijfsrecht als EU-burger (bijvoorbeeld als werknemer).

Voor opvang kunt u ons bellen; wij bekijken per situatie wat mogelijk is. Ons kenmerk is {reference}.',
'Vreemdelingencirculaire B8/3.1 (WBV 2023/11)
Richtlijn 2004/38/EG (vrij verkeer)', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('eu', 'en', 'Victims who are EU, EEA or Swiss nationals',
'For citizens of the EU, the EEA and Switzerland, European law (free movement) comes first. They can rely on the residence scheme for victims of trafficking (B8/3) insofar as they do not derive rights from EU law: B8/3 is a fallback. Whether someone is entitled to a reflection period, shelter or benefits therefore depends on their residence rights as an EU citizen (for example as a worker).

For shelter, please call us; we look at what is possible in each situation. Our reference is {reference}.',
'Aliens Circular B8/3.1 (WBV 2023/11)
Directive 2004/38/EC (free movement)', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('asylum', 'nl', 'Asielzoekers en Dublinclaimanten',
'Een asielzoeker kan ook slachtoffer van mensenhandel zijn. Dublinclaimanten krijgen sinds 18 mei 2023 een bedenktijd van 30 dagen (in plaats van 90). Een tijdelijke verblijfsvergunning mensenhandel (B8/3) krijgt een Dublinclaimant alleen als het OM zijn of haar aanwezigheid nodig vindt voor het onderzoek (sinds 1 augustus 2019, WBV 2019/10). Gemeenten en het COA schrijven Dublinclaimanten in de praktijk niet in de BRP in.

Of asiel en de verblijfsregeling mensenhandel naast elkaar kunnen lopen, moet per geval worden bekeken. Wij denken graag mee; ons kenmerk is {reference}.',
'Vreemdelingencirculaire B8/3 (WBV 2023/11; WBV 2019/10)
IND, verblijfsregeling mensenhandel
ECLI:NL:RBDHA:2021:8048; bestpracticesleidraad.nl §20.7', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('asylum', 'en', 'Asylum seekers and Dublin claimants',
'An asylum seeker can also be a victim of trafficking. Since 18 May 2023 Dublin claimants get a reflection period of 30 days (instead of 90). A Dublin claimant gets the temporary residence permit for victims of trafficking (B8/3) only when the Public Prosecution Service finds their presence necessary for the investigation (since 1 August 2019, WBV 2019/10). In practice municipalities and COA do not register Dublin claimants in the municipal register (BRP).

Whether asylum and the trafficking residence scheme can run side by side has to be looked at case by case. We are glad to think along; our reference is {reference}.',
'Aliens Circular B8/3 (WBV 2023/11; WBV 2019/10)
IND, residence scheme for victims of trafficking
ECLI:NL:RBDHA:2021:8048; bestpracticesleidraad.nl §20.7', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('minor', 'nl', 'Minderjarige slachtoffers',
'Nederlandse en Europese minderjarigen vallen onder de gewone kinderbescherming en jeugdzorg, met gespecialiseerde opvang voor slachtoffers van loverboys. Voor alleenstaande minderjarige vreemdelingen (AMV) is Nidos de voogd; Nidos besluit bij de geringste aanwijzing van mensenhandel over plaatsing in de Beschermde Opvang, waar de jongere een klein weekgeld krijgt en verzekerd is. De Aanwijzing mensenhandel geeft minderjarigen extra bescherming in het strafproces. Een minderjarige is altijd slachtoffer, ook als hij of zij "vrijwillig meewerkt".

Is een minderjarige nu in gevaar? Bel 112. Wilt u overleggen, bel ons dan met kenmerk {reference}.',
'wegwijzermensenhandel.nl (verblijf, FAQ 2; ondersteuning minderjarigen)
Aanwijzing mensenhandel (OM)
DT&V, pagina mensenhandel', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('minor', 'en', 'Child victims',
'Dutch and EU minors fall under regular child protection and youth care, with specialised shelter for victims of "loverboys" (pimps who groom young people through a romantic relationship). For unaccompanied foreign minors, Nidos is the guardian; at the slightest indication of trafficking Nidos decides on placement in Protected Shelter (Beschermde Opvang), where the young person receives a small weekly allowance and is insured. The Public Prosecution Service''s instruction on trafficking gives minors extra protection in criminal proceedings. A minor is always a victim, even when they "cooperate voluntarily".

Is a child in danger right now? Call 112. To talk it through, call us quoting reference {reference}.',
'wegwijzermensenhandel.nl (residence, FAQ 2; support for minors)
Aanwijzing mensenhandel (Public Prosecution Service)
DT&V, trafficking page', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('shelter', 'nl', 'Opvang en plaatsing (COSM)',
'Volwassen slachtoffers in de bedenktijd worden bij voorkeur opgevangen in de Categorale Opvang Slachtoffers Mensenhandel (COSM). Plaatsing in de COSM en in de OMM (opvang bij multiproblematiek) gaat uitsluitend via ons. Het streven is een verblijf van ongeveer drie maanden in de COSM; daarna volgt doorplaatsing naar reguliere opvang. Slachtoffers met een B8/3-vergunning krijgen dezelfde Wmo-opvang als Nederlandse slachtoffers.

Heeft uw cliënt vannacht geen veilige slaapplek? Bel ons tijdens openingstijden; buiten openingstijden kan de politie plaatsen in een regionaal noodbed, en bij direct gevaar belt u 112. Wij zijn weer bereikbaar vanaf {nextOpening}. Ons kenmerk: {reference}.',
'CoMensha, coördinatie opvang (exclusieve plaatsingsbevoegdheid)
wegwijzermensenhandel.nl (opvang FAQ 3; opvang en veiligheid)', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('shelter', 'en', 'Shelter and placement (COSM)',
'Adult victims in the reflection period preferably stay in the dedicated shelter for victims of trafficking (COSM). Placement in COSM and in OMM (shelter for complex needs) goes exclusively through us. The aim is a stay of about three months in COSM, followed by onward placement in regular shelter. Victims with a B8/3 permit get the same shelter under the Social Support Act (Wmo) as Dutch victims.

Does your client have no safe place to sleep tonight? Call us during opening hours; outside them the police can place someone in a regional emergency bed, and in immediate danger call 112. We are available again from {nextOpening}. Our reference: {reference}.',
'CoMensha, shelter coordination (exclusive placement authority)
wegwijzermensenhandel.nl (shelter FAQ 3; shelter and safety)', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),

('registration', 'nl', 'Een (mogelijk) slachtoffer aanmelden',
'U kunt ieder (mogelijk) slachtoffer van mensenhandel bij ons aanmelden, telefonisch of per e-mail. Wij registreren onder meer de sector van uitbuiting, het land van herkomst, de leeftijd en wie het slachtoffer aanmeldt. De gegevens gaan geanonimiseerd naar de Nationaal Rapporteur en worden gebruikt voor het landelijke beeld van mensenhandel. Vraag uw cliënt om toestemming voor de registratie en voor hulp; heeft u vragen over delen zonder toestemming, bel ons dan.

Een aanmelding is geen aangifte: aangifte doen gaat via de politie. Ons kenmerk voor deze aanmelding is {reference}.',
'comensha.nl/onze-helpdesk/registratie
CoMensha, Het beeld van 2020 (aard en omvang; bijlage 1)', 'Juridisch team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'),
('registration', 'en', 'Registering a (possible) victim',
'You can register any (possible) victim of human trafficking with us, by phone or by email. We record, among other things, the sector of exploitation, the country of origin, the age and who reports the victim. The data go to the National Rapporteur anonymised and are used for the national picture of trafficking. Please ask your client for consent to the registration and to help; if you have questions about sharing without consent, call us.

A registration is not a police report: reporting a crime goes through the police. Our reference for this registration is {reference}.',
'comensha.nl/onze-helpdesk/registratie
CoMensha, The picture of 2020 (nature and extent; appendix 1)', 'Legal team', '2027-05-25', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z');
