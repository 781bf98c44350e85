import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, Select, type FieldErrors } from '../components/form.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import type { AnswerFields } from '../../src/routing/routing.table.js';
import type { SourceLine } from '../../src/routing/answer-text.js';

/** One answer as the library pages show it (no request, no database: plain props). */
export interface AnswerView extends AnswerFields {
  id: number;
  status: 'draft' | 'approved';
  approved_at: string | null;
  use_count: number;
  version: number;
  stale: boolean;
  /** The sources read line by line: address and date consulted, where written. */
  sourceList: SourceLine[];
}

/** What the answer form shows: the typed values as strings, so nothing typed is lost on an error. */
export interface AnswerFormValues {
  topic: string;
  language: string;
  title: string;
  text: string;
  sources: string;
  owner: string;
  reviewDate: string;
  lawDate: string;
  /** `yes` when the answer rests on a rule the domain reference marks uncertain. */
  uncertain: string;
  /** "Insert and apply": the queue (empty: the topic's own) and the status (empty: unchanged) a reply sets. */
  macroQueue: string;
  macroStatus: string;
}

const topicLabel = (ctx: PageContext, topic: string) => ctx.t(`topic.${topic}` as MessageKey);

/** The status, stale and use marks of an answer, the same wherever it shows. */
function AnswerMarks(props: { ctx: PageContext; answer: AnswerView }) {
  const { t } = props.ctx;
  const a = props.answer;
  return (
    <p class="answer-marks">
      <span class={`badge ${a.status === 'approved' ? 'badge-ok' : 'badge-draft'}`}>
        {t(`answers.status.${a.status}`)}
      </span>{' '}
      {a.stale && (
        <>
          <strong class="badge badge-stale">{t('answers.stale')}</strong>{' '}
        </>
      )}
      <span>{t(`answers.language.${a.language}`)}</span> ·{' '}
      <span>{a.law_date ? t('answers.lawDate', { date: a.law_date }) : t('answers.lawDateUnknown')}</span> ·{' '}
      <span>{t('answers.review', { date: a.review_date })}</span> ·{' '}
      {a.uncertain === 1 && (
        <>
          <span class="badge badge-draft">{t('answers.uncertainMark')}</span> ·{' '}
        </>
      )}
      <span>{t('answers.uses', { n: a.use_count })}</span>
      {a.owner && (
        <>
          {' '}
          · <span>{t('answers.ownedBy', { owner: a.owner })}</span>
        </>
      )}
    </p>
  );
}

/** The library: answers grouped by topic, a language filter, and (for legal and admin) a link to add one. */
export function AnswersPage(props: {
  ctx: PageContext;
  groups: { topic: string; answers: AnswerView[] }[];
  language: 'nl' | 'en' | '';
  canWrite: boolean;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <section class="answers">
      <h1>{t('answers.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <p>{t('answers.intro')}</p>
      <form method="get" action="/answers" class="row">
        <Field id="answers-language" label={t('answers.filter.language')}>
          <Select
            id="answers-language"
            name="lang"
            value={props.language}
            empty={t('answers.filter.all')}
            options={[
              { value: 'nl', label: t('answers.language.nl') },
              { value: 'en', label: t('answers.language.en') },
            ]}
          />
        </Field>
        <div class="actions">
          <button type="submit">{t('answers.filter.submit')}</button>
        </div>
      </form>
      {props.canWrite && (
        <p>
          <a href="/answers/new" class="button primary">
            {t('answers.new')}
          </a>
        </p>
      )}
      {props.groups.length === 0 && <p>{t('answers.empty')}</p>}
      {props.groups.map((g) => (
        <section class="answer-topic" id={`topic-${g.topic}`}>
          <h2>{topicLabel(ctx, g.topic)}</h2>
          <ul class="plain">
            {g.answers.map((a) => (
              <li class={a.stale ? 'is-stale' : undefined}>
                <a href={`/answers/${a.id}`}>{a.title}</a>
                <AnswerMarks ctx={ctx} answer={a} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

/** One answer in full, with its sources, and (for legal and admin) edit and approve. */
export function AnswerPage(props: {
  ctx: PageContext;
  answer: AnswerView;
  canWrite: boolean;
  canApprove: boolean;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
}) {
  const { ctx, answer: a } = props;
  const { t } = ctx;
  return (
    <section class="narrow answer">
      <p>
        <a href="/answers">{t('answers.back')}</a>
      </p>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <h1>{a.title}</h1>
      <p>{topicLabel(ctx, a.topic)}</p>
      <AnswerMarks ctx={ctx} answer={a} />
      {a.approved_at && <p>{t('answers.approvedOn', { date: a.approved_at.slice(0, 10) })}</p>}
      <div class="answer-body">
        {a.body.split(/\n{2,}/).map((para) => (
          <p>
            {para.split('\n').map((line, i) => (
              <>
                {i > 0 && <br />}
                {line}
              </>
            ))}
          </p>
        ))}
      </div>
      <h2>{t('answers.sources')}</h2>
      <ul class="answer-sources">
        {a.sourceList.map((l) => (
          <li>
            {l.url ? (
              <>
                {l.text.slice(0, l.text.indexOf(l.url)).replace(/[\s—–-]+$/, '')}{' '}
                <a href={l.url} rel="noopener noreferrer">
                  {l.url}
                </a>
                {l.consulted && <> ({t('answers.consulted', { date: l.consulted })})</>}
              </>
            ) : (
              l.text
            )}
            {(!l.url || !l.consulted) && <strong class="warn"> — {t('answers.sourceIncomplete')}</strong>}
          </li>
        ))}
      </ul>
      {props.canWrite && (
        <p class="actions">
          <a href={`/answers/${a.id}/edit`} class="button">
            {t('answers.edit')}
          </a>
        </p>
      )}
      {props.canApprove && a.status === 'draft' && (
        <form method="post" action={`/answers/${a.id}/approve`} class="inline">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="version" value={String(a.version)} />
          <button type="submit" class="primary">
            {t('answers.approve')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The form to add or change an answer; errors next to their fields, the typed text always kept. */
export function AnswerFormPage(props: {
  ctx: PageContext;
  action: string;
  heading: string;
  values: AnswerFormValues;
  version?: number;
  errors?: FieldErrors;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
  topics: readonly string[];
  limits: { title: number; text: number; sources: number; owner: number };
}) {
  const { ctx, values: v } = props;
  const { t } = ctx;
  const e = props.errors ?? {};
  const aria = (id: string, hint = false) => ({
    'aria-invalid': e[id] ? ('true' as const) : undefined,
    'aria-describedby': [e[id] ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined,
  });
  return (
    <section class="narrow answer-form">
      <p>
        <a href="/answers">{t('answers.back')}</a>
      </p>
      <h1>{props.heading}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <form method="post" action={props.action} class="stack">
        <Csrf token={ctx.csrfToken} />
        {props.version !== undefined && <input type="hidden" name="version" value={String(props.version)} />}
        <Field id="topic" label={t('answers.field.topic')} error={e.topic}>
          <Select
            id="topic"
            name="topic"
            value={v.topic}
            empty=""
            error={e.topic}
            options={props.topics.map((x) => ({ value: x, label: topicLabel(ctx, x) }))}
          />
        </Field>
        <Field id="language" label={t('answers.field.language')} error={e.language}>
          <Select
            id="language"
            name="language"
            value={v.language}
            empty=""
            error={e.language}
            options={[
              { value: 'nl', label: t('answers.language.nl') },
              { value: 'en', label: t('answers.language.en') },
            ]}
          />
        </Field>
        <Field id="title" label={t('answers.field.title')} error={e.title}>
          <input id="title" name="title" value={v.title} maxlength={props.limits.title} required {...aria('title')} />
        </Field>
        <Field id="text" label={t('answers.field.text')} error={e.text} hint={t('answers.placeholders')}>
          <textarea id="text" name="text" rows={12} maxlength={props.limits.text} required {...aria('text', true)}>
            {v.text}
          </textarea>
        </Field>
        <Field id="sources" label={t('answers.field.sources')} error={e.sources} hint={t('answers.sourcesHint')}>
          <textarea id="sources" name="sources" rows={5} maxlength={props.limits.sources} {...aria('sources', true)}>
            {v.sources}
          </textarea>
        </Field>
        <Field id="owner" label={t('answers.field.owner')} error={e.owner}>
          <input id="owner" name="owner" value={v.owner} maxlength={props.limits.owner} {...aria('owner')} />
        </Field>
        <Field id="macroQueue" label={t('answers.field.macroQueue')} error={e.macroQueue}>
          <Select
            id="macroQueue"
            name="macroQueue"
            value={v.macroQueue}
            empty={t('answers.macro.topicQueue')}
            error={e.macroQueue}
            options={['general', 'legal', 'registration', 'care'].map((q) => ({
              value: q,
              label: t(`queue.${q}` as MessageKey),
            }))}
          />
        </Field>
        <Field id="macroStatus" label={t('answers.field.macroStatus')} error={e.macroStatus}>
          <Select
            id="macroStatus"
            name="macroStatus"
            value={v.macroStatus}
            empty={t('answers.macro.unchanged')}
            error={e.macroStatus}
            options={['open', 'waiting', 'resolved'].map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
          />
        </Field>
        <Field id="lawDate" label={t('answers.field.lawDate')} error={e.lawDate}>
          <input id="lawDate" name="lawDate" type="date" value={v.lawDate} required {...aria('lawDate')} />
        </Field>
        <div class="field">
          <label for="uncertain">
            <input id="uncertain" name="uncertain" type="checkbox" value="yes" checked={v.uncertain === 'yes'} />{' '}
            {t('answers.field.uncertain')}
          </label>
        </div>
        <Field
          id="reviewDate"
          label={t('answers.field.reviewDate')}
          error={e.reviewDate}
          hint={t('answers.reviewHint')}
        >
          <input
            id="reviewDate"
            name="reviewDate"
            type="date"
            value={v.reviewDate}
            required
            {...aria('reviewDate', true)}
          />
        </Field>
        <button type="submit" class="primary">
          {t('form.save')}
        </button>
      </form>
    </section>
  );
}
