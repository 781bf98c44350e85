/** The roles a user can hold; each route checks the ones it needs on the server. */
export type Role = 'agent' | 'legal' | 'coordinator' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'legal', 'coordinator', 'supervisor', 'admin'];
