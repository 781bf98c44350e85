import type { Role } from '../users/users.table.js';

/**
 * One table of the app's areas: the roles each one's routes require (`requireRole(...AREAS.x.roles)`) and, for
 * the areas with a navigation link, its label key and access key. The navigation is derived from it, so a user
 * never sees a link to a page that would answer 403. `null` roles: every signed-in user.
 */
export const AREAS = {
  inbox: { href: '/contacts', roles: ['agent', 'supervisor', 'legal'], label: 'nav.inbox', key: 'i' },
  newContact: { href: '/contacts/new', roles: ['agent', 'supervisor', 'legal'], label: 'nav.new', key: 'n' },
  answers: { href: '/answers', roles: null, label: 'nav.answers' },
  softphone: { href: '/voice', roles: ['agent', 'legal', 'supervisor'], label: 'softphone.nav' },
  legalQueue: { href: '/routing/legal', roles: ['legal', 'agent', 'supervisor'], label: 'legal.nav' },
  registrations: { href: '/registrations', roles: ['agent', 'supervisor', 'coordinator'], label: 'nav.registrations' },
  deadlines: { href: '/deadlines', roles: ['agent', 'supervisor', 'coordinator'], label: 'nav.deadlines' },
  care: { href: '/care', roles: ['agent', 'supervisor', 'coordinator'], label: 'nav.care' },
  review: { href: '/review', roles: ['agent', 'supervisor'], label: 'review.nav' },
  cosm: { href: '/cosm', roles: ['agent', 'supervisor'], label: 'cosm.nav' },
  outbox: { href: '/email/outbox', roles: ['agent', 'supervisor'], label: 'nav.outbox' },
  simulate: { href: '/calls/simulate', roles: ['agent', 'supervisor'], label: 'calls.nav.simulate', devOnly: true },
  audit: { href: '/audit', roles: ['supervisor', 'admin'], label: 'nav.audit' },
  statistics: { href: '/statistics', roles: ['supervisor'], label: 'nav.statistics' },
  users: { href: '/admin/users', roles: ['admin'], label: 'nav.users' },
  officeHours: { href: '/admin/office-hours', roles: ['admin'], label: 'nav.office' },
  oncall: { href: '/admin/on-call', roles: ['admin'], label: 'nav.oncall' },
  careRegions: { href: '/admin/care-regions', roles: ['admin'], label: 'nav.careRegions' },
  retention: { href: '/admin/retention', roles: ['admin'], label: 'nav.retention' },
  shelters: { href: '/admin/cosm-shelters', roles: ['admin'], label: 'cosm.shelters.nav' },
  jobs: { href: '/admin/jobs', roles: ['admin'], label: 'nav.jobs' },
  account: { href: '/account', roles: null, label: 'nav.account' },
} as const satisfies Record<string, Area>;

interface Area {
  href: string;
  roles: readonly Role[] | null;
  label: string;
  key?: string;
  devOnly?: boolean;
}

export type AreaName = keyof typeof AREAS;

/** The roles an area's routes require, as a mutable list for `requireRole(...)`. */
export const areaRoles = (area: AreaName): Role[] => {
  const roles = AREAS[area].roles;
  return roles ? [...roles] : [];
};

/** True when a user with these roles may open the area. */
export function mayOpen(roles: readonly Role[], area: AreaName): boolean {
  const need = AREAS[area].roles as readonly Role[] | null;
  return need === null || roles.some((r) => need.includes(r));
}

/** The navigation links a user with these roles may open, in the table's order. */
export function navFor(roles: readonly Role[], devTools: boolean) {
  const areas = AREAS as Record<AreaName, Area>;
  return (Object.keys(areas) as AreaName[])
    .filter((a) => mayOpen(roles, a) && (devTools || !areas[a].devOnly))
    .map((a) => ({ area: a, href: areas[a].href, label: areas[a].label, key: areas[a].key }));
}

/**
 * Each role's own page, in the order a user with several roles lands: the supervisor on the desk's figures, the
 * legal adviser on the legal queue, the care coordinator on her registrations and deadlines (/care), the agent on
 * the inbox, the admin on the users. A user with none of these lands on the account page, never an error page.
 */
const HOMES: readonly [Role, AreaName][] = [
  ['supervisor', 'statistics'],
  ['legal', 'legalQueue'],
  ['coordinator', 'care'],
  ['agent', 'inbox'],
  ['admin', 'users'],
];

/** The first page after sign-in (and of `/`) for a user with these roles. */
export function homeFor(roles: readonly Role[]): string {
  for (const [role, area] of HOMES) if (roles.includes(role) && mayOpen(roles, area)) return AREAS[area].href;
  return AREAS.account.href;
}
