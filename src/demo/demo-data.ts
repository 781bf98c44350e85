import type { Deps } from '../deps.js';
import { createContactIn, addNote, changeContact, hasContacts } from '../contacts/contacts.service.js';
import { userIdByEmail } from '../users/users.queries.js';
import { createUser } from '../users/users.service.js';
import type { Queue, Channel, Priority, Status, PartyType } from '../contacts/contacts.table.js';
import { createRegistration, newFormToken, type NewRegistration } from '../registrations/registrations.service.js';
import { saveCareRegion, setCareRegionsOfUser } from '../registrations/care-regions.service.js';
import { REGIONS, REPORTER_TYPES } from '../registrations/registrations.table.js';
import { nationalityGroup } from '../registrations/nationality-group.js';
import { reflectionDaysFor, reflectionNationalityRule } from '../registrations/reflection-rule.js';

/** Clearly synthetic people and organisations: every name carries "(demo)" and numbers come from a fictional range. */
const PEOPLE = [
  'Anna de Vries (demo)',
  'Mohamed El Amrani (demo)',
  'Sanne Bakker (demo)',
  'Piotr Nowak (demo)',
  'Ioana Popescu (demo)',
  'Kees Visser (demo)',
  'Fatma Yilmaz (demo)',
  'Joost Smit (demo)',
];
const ORGS: [string, PartyType][] = [
  ['Politie Eenheid Rotterdam (demo)', 'police'],
  ['Koninklijke Marechaussee Schiphol (demo)', 'kmar'],
  ['Advocatenkantoor Voorbeeld (demo)', 'lawyer'],
  ['Opvang De Haven (demo)', 'shelter'],
  ['AZC Voorbeeldstad (demo)', 'asylum-centre'],
  ['Gemeente Voorbeeldstad (demo)', 'municipality'],
  ['Arbeidsinspectie (demo)', 'labour-inspectorate'],
  ['', 'victim'],
];
const TOPICS: { subject: string; notes: string; queue: Queue }[] = [
  {
    subject: 'Vraag over bedenktijd voor cliënte',
    notes:
      'Advocaat vraagt of cliënte recht heeft op bedenktijd (B8/3) nu zij al een asielprocedure heeft. Teruggebeld met uitleg.',
    queue: 'legal',
  },
  {
    subject: 'Melding mogelijk slachtoffer arbeidsuitbuiting',
    notes: 'Arbeidsinspectie meldt een man in de bouw, paspoort ingenomen door werkgever. Registratie volgt.',
    queue: 'registration',
  },
  {
    subject: 'Opvangplek gezocht vannacht',
    notes: 'Opvang zoekt een noodbed voor een vrouw die vannacht geen slaapplek heeft. Zorgcoördinator gebeld.',
    queue: 'care',
  },
  {
    subject: 'Reflection period for EU citizen',
    notes:
      'Shelter asks whether a Polish client is entitled to a reflection period and shelter. Explained the EU rules.',
    queue: 'legal',
  },
  {
    subject: 'Aangifte doen — cliënt is bang',
    notes: 'Cliënt durft geen aangifte te doen. Besproken: intakegesprek politie, andere vormen van medewerking.',
    queue: 'legal',
  },
  {
    subject: 'Wie is de zorgcoördinator in regio Zeeland?',
    notes: 'Gemeente vraagt naar zorgcoördinatie. Doorverwezen.',
    queue: 'care',
  },
  {
    subject: 'Voicemail teruggebeld',
    notes: 'Teruggebeld, geen gehoor. Later opnieuw proberen.',
    queue: 'after-hours',
  },
  {
    subject: 'Algemene vraag over registratie',
    notes: 'Hoe meld ik een cliënt aan zonder toestemming? Uitleg gegeven over de AVG-grondslag.',
    queue: 'general',
  },
];
const CHANNELS: Channel[] = ['phone', 'phone', 'phone', 'email', 'email', 'manual', 'voicemail'];
const STATUSES: Status[] = ['new', 'open', 'open', 'waiting', 'resolved', 'resolved', 'resolved'];
const PRIORITIES: Priority[] = ['normal', 'normal', 'normal', 'high', 'low', 'urgent'];

/** Fills an empty database with demo users and a month of contacts; returns the demo sign-ins (or null when not empty). */
export async function seedDemo(
  deps: Deps & { setNow(d: Date): void },
  count = 240,
): Promise<{ email: string; password: string; roles: string }[] | null> {
  if (await hasContacts(deps)) return null;
  const password = 'demo-password';
  const accounts = [
    { name: 'Demo Admin', email: 'admin@demo.baken.test', roles: ['admin', 'supervisor', 'agent'] as const },
    { name: 'Eva Agent (demo)', email: 'eva@demo.baken.test', roles: ['agent'] as const },
    { name: 'Rik Agent (demo)', email: 'rik@demo.baken.test', roles: ['agent'] as const },
    { name: 'Lotte Legal (demo)', email: 'lotte@demo.baken.test', roles: ['legal', 'agent'] as const },
    { name: 'Sam Supervisor (demo)', email: 'sam@demo.baken.test', roles: ['supervisor', 'agent'] as const },
    { name: 'Cora Coördinator (demo)', email: 'cora@demo.baken.test', roles: ['coordinator'] as const },
  ];
  const ids: number[] = [];
  for (const a of accounts) {
    ids.push(
      (await userIdByEmail(deps.db, a.email)) ??
        (await createUser(
          deps,
          { name: a.name, email: a.email, password, roles: [...a.roles], locale: null, active: true },
          null,
          null,
        )),
    );
  }
  const end = deps.clock().getTime();
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const registrationContacts: { id: number; at: Date; agent: number; type: PartyType; org: string }[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(end - (count - i) * ((30 * 24 * 3600_000) / count) - Math.floor(rnd() * 3600_000));
    deps.setNow(at);
    const topic = pick(TOPICS);
    const [org, type] = pick(ORGS);
    const channel = pick(CHANNELS);
    const agent = pick(ids.slice(1, 5));
    const created = await deps.db.transaction().execute((trx) =>
      createContactIn(
        deps,
        trx,
        {
          channel,
          startedAt: at.toISOString(),
          party: {
            name: pick(PEOPLE),
            org,
            type,
            phone: channel === 'email' ? null : `+3197010${String(100000 + Math.floor(rnd() * 899999))}`,
            email: channel === 'email' ? `demo${i}@example.org` : null,
          },
          language: rnd() < 0.8 ? 'nl' : 'en',
          subject: topic.subject,
          notes: topic.notes,
          queue: deps.officeHours.isOpen(at) ? topic.queue : 'after-hours',
          priority: pick(PRIORITIES),
          dueAt: deps.officeHours.addWorkingHours(at, 16).toISOString(),
        },
        { id: channel === 'email' || channel === 'voicemail' ? null : agent },
      ),
    );
    if (topic.queue === 'registration' || rnd() < 0.08)
      registrationContacts.push({ id: created.id, at, agent, type, org });
    const status = i > count - 15 ? 'new' : pick(STATUSES);
    if (status !== 'new') {
      deps.setNow(new Date(at.getTime() + 20 * 60_000));
      await changeContact(deps, created.id, { assigneeId: agent, status }, { id: agent });
      if (rnd() < 0.4)
        await addNote(deps, created.id, 'Vervolg: informatie per e-mail gestuurd aan de professional (demo).', {
          id: agent,
        });
    }
  }
  await seedDemoRegistrations(deps, registrationContacts, ids[0]!, ids[5]!, rnd);
  deps.setNow(new Date(end));
  return accounts.map((a) => ({ email: a.email, password, roles: a.roles.join(',') }));
}

const NATIONALITIES = ['NL', 'NL', 'RO', 'PL', 'BG', 'NG', 'UA', 'VN', 'ER', 'HU', 'CN', 'BR', 'MA', 'SY', 'XX'];
const SECTOR_OF: Record<string, string[]> = {
  sexual: ['window', 'home', 'escort', 'hotel', 'online', 'club'],
  labour: ['agriculture', 'construction', 'hospitality', 'domestic', 'transport', 'cleaning'],
  criminal: ['drugs', 'property_crime', 'fraud'],
};
const DEMO_NAMES = ['Demo Persoon A', 'Demo Persoon B', 'Demo Persoon C', 'Demo Persoon D', 'Demo Persoon E'];

/**
 * Care-coordination regions and one or two registrations for each registration contact of the demo: realistic
 * mixes of exploitation, nationality, age and reporter, every name ending in "(demo)", every address fictional.
 */
async function seedDemoRegistrations(
  deps: Deps & { setNow(d: Date): void },
  contacts: { id: number; at: Date; agent: number; type: PartyType; org: string }[],
  adminId: number,
  coordinatorId: number,
  rnd: () => number,
) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const admin = { id: adminId, ip: null };
  const regions = [
    await saveCareRegion(
      deps,
      null,
      {
        name: 'Rijnmond (demo)',
        covers: 'Rotterdam, Schiedam, Vlaardingen',
        coordinatorOrg: 'Zorgcoördinatie Rijnmond (demo)',
        coordinatorEmail: 'zorgcoordinatie-rijnmond@demo.baken.test',
        hasCoordinator: true,
      },
      admin,
    ),
    await saveCareRegion(
      deps,
      null,
      {
        name: 'Amsterdam-Amstelland (demo)',
        covers: 'Amsterdam, Amstelveen, Diemen',
        coordinatorOrg: 'Zorgcoördinatie Amsterdam (demo)',
        coordinatorEmail: 'zorgcoordinatie-amsterdam@demo.baken.test',
        hasCoordinator: true,
      },
      admin,
    ),
    await saveCareRegion(
      deps,
      null,
      {
        name: 'Zeeland (demo)',
        covers: 'Politie-eenheid Zeeland-West-Brabant, deel Zeeland',
        coordinatorOrg: '',
        coordinatorEmail: null,
        hasCoordinator: false,
      },
      admin,
    ),
  ];
  await setCareRegionsOfUser(deps, coordinatorId, [regions[0]!], admin);
  let n = 0;
  for (const c of contacts) {
    const people = rnd() < 0.25 ? 2 : 1;
    for (let p = 0; p < people; p++) {
      n++;
      deps.setNow(new Date(c.at.getTime() + (30 + p) * 60_000));
      const form = pick(['sexual', 'sexual', 'labour', 'labour', 'criminal', 'begging', 'unknown'] as const);
      const reporterType = (REPORTER_TYPES as readonly string[]).includes(c.type.replace(/-/g, '_'))
        ? c.type.replace(/-/g, '_')
        : pick(['police', 'police', 'kmar', 'labour_inspectorate', 'care_coordinator', 'fairwork', 'shelter'] as const);
      const investigative = ['police', 'kmar', 'labour_inspectorate'].includes(reporterType);
      const asksShelter = rnd() < 0.45;
      const day = c.at.toISOString().slice(0, 10);
      const nationality = pick(NATIONALITIES);
      const group = nationalityGroup(nationality);
      // Residence status and reflection period as the rules have them (reflection-rule.ts): none for a Dutch
      // national, none here for EU citizens (EU law first), 30 days for a Dublin claimant, 90 otherwise.
      const residenceStatus =
        group === 'nl' ? 'nl' : group === 'eu' ? 'eu' : pick(['unlawful', 'asylum', 'dublin', 'unknown'] as const);
      const reflection =
        asksShelter && rnd() < 0.6 && reflectionNationalityRule([nationality], residenceStatus) === 'ok';
      const input: NewRegistration = {
        contactId: c.id,
        formToken: newFormToken(),
        reportedOn: day,
        dossierType: asksShelter ? 'registration_shelter' : 'registration',
        reporterType,
        reporterOrg: c.org || null,
        region: pick(REGIONS.slice(0, 11)),
        careRegionId: pick(regions),
        consentRegistration: investigative ? null : true,
        consentRegistrationOn: investigative ? null : day,
        consentRegistrationBy: investigative ? null : 'Melder (demo)',
        consentCare: asksShelter ? true : null,
        consentCareOn: asksShelter ? day : null,
        consentCareBy: asksShelter ? 'Melder (demo)' : null,
        gender:
          form === 'sexual' ? (rnd() < 0.9 ? 'female' : 'male') : rnd() < 0.7 ? 'male' : pick(['female', 'unknown']),
        birthYear: rnd() < 0.9 ? Number(day.slice(0, 4)) - 14 - Math.floor(rnd() * 40) : null,
        age: null,
        nationalities: [nationality],
        countryOfOrigin: null,
        exploitation:
          rnd() < 0.1 && form !== 'unknown' ? [form, 'labour'].filter((x, i, a) => a.indexOf(x) === i) : [form],
        sector: SECTOR_OF[form] ? pick(SECTOR_OF[form]!) : null,
        exploitationCountries: ['NL'],
        shelterRequested: asksShelter,
        careRequested: false,
        placement: asksShelter ? pick(['cosm', 'omm', 'women_shelter', 'men_shelter', 'unknown'] as const) : null,
        reflectionStart: reflection ? day : null,
        reflectionDays: reflection ? reflectionDaysFor(residenceStatus) : null,
        permitExpires: null,
        shelterEnds:
          asksShelter && rnd() < 0.3 ? new Date(c.at.getTime() + 120 * 86_400_000).toISOString().slice(0, 10) : null,
        complaint: pick(['yes', 'no', 'unknown'] as const),
        residenceStatus,
        notes: 'Synthetische melding voor de demo.',
        name: `${pick(DEMO_NAMES)} ${n} (demo)`,
        dateOfBirth: null,
        phone: rnd() < 0.3 ? `+3197010${String(200000 + n)}` : null,
        email: null,
        vNumber: null,
        duplicate: 'new',
      };
      await createRegistration(deps, input, { id: c.agent, ip: null });
    }
  }
}
