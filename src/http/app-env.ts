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

/** Hono context variables shared by every UI route. */
export interface AppEnv {
  Variables: {
    requestId: string;
    user: CurrentUser | null;
    /** The signed-in session's id (hash of the cookie token), for the CSRF token and live streams. */
    sessionId: string | null;
    csrfToken: string;
    locale: 'nl' | 'en';
    t: Translate;
  };
}
