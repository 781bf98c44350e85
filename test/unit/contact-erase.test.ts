import { describe, expect, it } from 'vitest';
import { withoutIdentifiers } from '../../src/contacts/contact-erase.service.js';

// What a purge leaves of a timeline event: what happened, when and by whom; never its text or the identifiers it
// changed from and to.
describe('the timeline without identifiers', () => {
  it.each([
    ['note', { body: 'Jan belt terug' }, { purged: true }],
    ['email.received', { message: 4, via: 'new', body: 'Onderwerp' }, { message: 4, via: 'new', purged: true }],
    ['subject', { from: 'Vraag van Jan', to: 'Vraag' }, { purged: true }],
    ['party.phone', { from: '+31 6 •••• ••78', to: null }, { purged: true }],
    ['party.email', { from: 'j•••@example.org', to: 'k•••@example.org' }, { purged: true }],
    ['queue', { from: 'general', to: 'legal' }, null],
    ['party.name', { set: true }, null],
    ['topics', { from: [], to: ['reflection'] }, null],
  ])('%s %j becomes %j', (kind, data, expected) => {
    expect(withoutIdentifiers(kind, data)).toEqual(expected);
  });
});
