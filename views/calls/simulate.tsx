import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, Select } from '../components/form.js';

export interface SimulateValues {
  from: string;
  digits: string;
  end: string;
  transcript: string;
}
export interface SimulateProps {
  ctx: PageContext;
  values: SimulateValues;
  errors?: Partial<Record<keyof SimulateValues, string>>;
  /** The contact the last simulated call was logged as. */
  done?: { contactId: number; reference: string };
  failed?: string;
  devToken: boolean;
  noAgents: boolean;
}

/** "Simulate an incoming call" (development only): the page around the form. */
export function SimulatePage(props: SimulateProps) {
  const { t } = props.ctx;
  return (
    <section class="simulate">
      <h1>{t('calls.simulate.title')}</h1>
      <p>{t('calls.simulate.intro')}</p>
      {props.devToken && <p class="muted">{t('calls.simulate.devToken')}</p>}
      {props.noAgents && <p class="muted">{t('calls.simulate.noAgents')}</p>}
      <SimulateForm {...props} />
    </section>
  );
}

/** The form alone (htmx swaps it after a simulated call, so the screen pop shows on this very page). */
export function SimulateForm(props: SimulateProps) {
  const { t } = props.ctx;
  const v = props.values;
  const e = props.errors ?? {};
  const ends = (['ringing', 'answered', 'missed', 'voicemail'] as const).map((x) => ({
    value: x,
    label: t(`calls.simulate.end.${x}`),
  }));
  const keys = [
    { value: '1', label: `1 · ${t('calls.menu.1')}` },
    { value: '2', label: `2 · ${t('calls.menu.2')}` },
    { value: '3', label: `3 · ${t('calls.menu.3')}` },
  ];
  return (
    <form
      id="simulate-form"
      method="post"
      action="/calls/simulate"
      class="stack panel"
      hx-post="/calls/simulate"
      hx-target="this"
      hx-swap="outerHTML"
      novalidate
    >
      {props.done && (
        <Flash kind="ok">
          {t('calls.simulate.done', { ref: props.done.reference })}{' '}
          <a href={`/contacts/${props.done.contactId}`}>{t('calls.simulate.openContact')}</a>
        </Flash>
      )}
      {props.failed && <Flash kind="error">{props.failed}</Flash>}
      <Csrf token={props.ctx.csrfToken} />
      <Field id="sim-from" label={t('calls.simulate.from')} hint={t('calls.simulate.fromHint')} error={e.from}>
        <input
          id="sim-from"
          name="from"
          type="text"
          inputmode="tel"
          value={v.from}
          maxlength={70}
          autocomplete="off"
          aria-invalid={e.from ? 'true' : undefined}
          aria-describedby={e.from ? 'sim-from-error sim-from-hint' : 'sim-from-hint'}
        />
      </Field>
      <Field id="sim-digits" label={t('calls.simulate.digits')} error={e.digits}>
        <Select
          id="sim-digits"
          name="digits"
          value={v.digits}
          options={keys}
          empty={t('calls.simulate.noKey')}
          error={e.digits}
        />
      </Field>
      <Field id="sim-end" label={t('calls.simulate.end')} error={e.end}>
        <Select id="sim-end" name="end" value={v.end} options={ends} error={e.end} />
      </Field>
      <Field id="sim-transcript" label={t('calls.simulate.transcript')} error={e.transcript}>
        <textarea
          id="sim-transcript"
          name="transcript"
          rows={3}
          maxlength={2000}
          aria-invalid={e.transcript ? 'true' : undefined}
          aria-describedby={e.transcript ? 'sim-transcript-error' : undefined}
        >
          {v.transcript}
        </textarea>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          {t('calls.simulate.submit')}
        </button>
      </div>
    </form>
  );
}
