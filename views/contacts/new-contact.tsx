import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, Select } from '../components/form.js';
import { CHANNELS, DIRECTIONS, LANGUAGES, PARTY_TYPES, PRIORITIES, QUEUES } from '../../src/contacts/contacts.table.js';
import type { ContactFormValues } from '../../src/contacts/contacts.form.js';

/** "Log a contact": the fields an agent fills in while on the phone, in the order they hear them. */
export function NewContactPage(props: {
  ctx: PageContext;
  values: ContactFormValues;
  errors?: Record<string, string | undefined>;
}) {
  const { t } = props.ctx;
  const v = props.values;
  const e = props.errors ?? {};
  const opts = <T extends string>(list: readonly T[], prefix: string) =>
    list.map((x) => ({ value: x, label: t(`${prefix}.${x}` as 'queue.general') }));
  const tri = [
    { value: 'yes', label: '✓' },
    { value: 'no', label: '✗' },
  ];
  return (
    <section>
      <h1>{t('contact.new.title')}</h1>
      {Object.values(e).some(Boolean) && <Flash kind="error">{t('form.errors')}</Flash>}
      {/* Kept as a draft while typing (public/app.js), so a reload or an expired session loses nothing;
          a form that came back with errors already shows what was typed and is not overwritten. */}
      <form
        method="post"
        action="/contacts"
        class="contact-form"
        novalidate
        data-draft-key="new"
        data-draft-field="form"
        data-draft-restore={Object.values(e).some(Boolean) ? 'off' : undefined}
      >
        <Csrf token={props.ctx.csrfToken} />
        <div class="grid">
          <Field id="channel" label={t('contact.channel')} error={e.channel}>
            <Select
              id="channel"
              name="channel"
              value={v.channel}
              options={opts(CHANNELS, 'channel')}
              error={e.channel}
            />
          </Field>
          <Field id="direction" label={t('contact.direction')} error={e.direction}>
            <Select id="direction" name="direction" value={v.direction} options={opts(DIRECTIONS, 'direction')} />
          </Field>
          <Field id="subject" label={t('contact.subject')} error={e.subject}>
            <input
              id="subject"
              name="subject"
              value={v.subject}
              required
              maxlength={200}
              autofocus
              aria-invalid={e.subject ? 'true' : undefined}
              aria-describedby={e.subject ? 'subject-error' : undefined}
            />
          </Field>
          <Field id="partyName" label={t('contact.partyName')} error={e.partyName}>
            <input id="partyName" name="partyName" value={v.partyName} maxlength={120} autocomplete="off" />
          </Field>
          <Field id="partyOrg" label={t('contact.partyOrg')} error={e.partyOrg}>
            <input id="partyOrg" name="partyOrg" value={v.partyOrg} maxlength={120} />
          </Field>
          <Field id="partyType" label={t('contact.partyType')} error={e.partyType}>
            <Select
              id="partyType"
              name="partyType"
              value={v.partyType}
              options={opts(PARTY_TYPES, 'party')}
              empty={t('choose')}
            />
          </Field>
          <Field id="phone" label={t('contact.phone')} error={e.phone}>
            <input
              id="phone"
              name="phone"
              type="tel"
              value={v.phone}
              maxlength={40}
              autocomplete="off"
              aria-invalid={e.phone ? 'true' : undefined}
              aria-describedby={e.phone ? 'phone-error' : undefined}
            />
          </Field>
          <Field id="email" label={t('contact.email')} error={e.email}>
            <input
              id="email"
              name="email"
              type="email"
              value={v.email}
              maxlength={254}
              autocomplete="off"
              aria-invalid={e.email ? 'true' : undefined}
              aria-describedby={e.email ? 'email-error' : undefined}
            />
          </Field>
          <Field id="language" label={t('contact.language')} error={e.language}>
            <Select
              id="language"
              name="language"
              value={v.language}
              options={opts(LANGUAGES, 'lang')}
              empty={t('choose')}
            />
          </Field>
          <Field id="queue" label={t('contact.queue')} error={e.queue}>
            <Select id="queue" name="queue" value={v.queue} options={opts(QUEUES, 'queue')} />
          </Field>
          <Field id="priority" label={t('contact.priority')} error={e.priority}>
            <Select id="priority" name="priority" value={v.priority} options={opts(PRIORITIES, 'priority')} />
          </Field>
        </div>
        <Field id="notes" label={t('contact.notes')} error={e.notes}>
          <textarea id="notes" name="notes" rows={6} maxlength={20000}>
            {v.notes}
          </textarea>
        </Field>
        {/* The live routing suggestion while the agent types (POST /routing/suggest; the fields stay plain). */}
        <div
          class="routing-live"
          aria-live="polite"
          hx-post="/routing/suggest"
          hx-trigger="input changed delay:400ms from:#subject, input changed delay:400ms from:#notes"
          hx-swap="innerHTML"
        />
        <fieldset class="safe">
          <legend>{t('contact.safeContact')}</legend>
          <div class="grid">
            {(['mayCallBack', 'mayLeaveVoicemail', 'mayEmail', 'viaProfessionalOnly'] as const).map((k) => (
              <Field
                id={k}
                label={t(
                  k === 'mayCallBack'
                    ? 'contact.mayCallBack'
                    : k === 'mayLeaveVoicemail'
                      ? 'contact.mayVoicemail'
                      : k === 'mayEmail'
                        ? 'contact.mayEmail'
                        : 'contact.viaProfessional',
                )}
                error={e[k]}
              >
                <Select id={k} name={k} value={v[k]} options={tri} empty="?" />
              </Field>
            ))}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            {t('contact.new.submit')}
          </button>{' '}
          <a href="/contacts" data-draft-discard>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </section>
  );
}
