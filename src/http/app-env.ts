import type { Translate } from '../i18n/i18n.js';

import type { Role } from '../users/users.table.js';

/** The signed-in user as the request sees it. */
export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  locale: 'nl' | 'en';
}

/**
 * The signed-in user's standing with the second factor: in the grace period (a reminder until `until`), or
 * required now (only the enrolment is open); null when nothing is to be said.
 */
export type FactorNotice = { kind: 'grace'; until: Date } | { kind: 'required' } | null;

/** Hono context variables shared by every UI route. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The client's address (src/http/request.ts: the socket's, or the one a trusted proxy forwarded). */
    clientIp: string;
    user: CurrentUser | null;
    /** The signed-in session's id (hash of the cookie token), for the CSRF token and live streams. */
    sessionId: string | null;
    /** True while the session passed the password and waits for the second factor (no user yet). */
    factorPending: boolean;
    factorNotice: FactorNotice;
    csrfToken: string;
    locale: 'nl' | 'en';
    t: Translate;
  };
}
