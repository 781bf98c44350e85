import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { hasRole, requireRole } from '../http/session.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import { AnswerFormPage, AnswerPage, AnswersPage } from '../../views/routing/answers-page.js';
import { ANSWER_LIMITS, type AnswerFormValues, formVersion, parseAnswerForm } from './answers.form.js';
import { approveAnswer, createAnswer, deskToday, getAnswer, libraryByTopic, updateAnswer } from './answers.service.js';
import { latestReviewDate } from './answer-text.js';
import { TOPICS } from './topics.js';

const NOTICES = { saved: 'answers.saved', approved: 'answers.approvedNotice' } as const;

/**
 * The answer library at /answers: every signed-in user reads it; `legal` and `admin` add and
 * change answers; only `legal` approves one (a draft is "to be checked by the legal team"). The reply box
 * gets the library from routing's plug-in (routing.plugin.ts), not from mounting these routes.
 */
export function answersRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const writers = requireRole('legal', 'admin');
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
  const canWrite = (c: Context<AppEnv>) => hasRole(c.get('user'), 'legal', 'admin');
  const limits = {
    title: ANSWER_LIMITS.title,
    text: ANSWER_LIMITS.text,
    sources: ANSWER_LIMITS.sources,
    owner: ANSWER_LIMITS.owner,
  };

  const form = (
    c: Context<AppEnv>,
    p: { action: string; heading: string; values: AnswerFormValues; version?: number; errors?: Record<string, string> },
    status: 200 | 409 | 422 = 200,
    flash?: { kind: 'error'; text: string },
  ) =>
    page(
      c,
      deps,
      p.heading,
      <AnswerFormPage ctx={pageContext(c, deps)} topics={TOPICS} limits={limits} flash={flash} {...p} />,
      status,
    );

  r.get('/', async (c) => {
    const lang = c.req.query('lang');
    const language = lang === 'nl' || lang === 'en' ? lang : '';
    const notice = NOTICES[c.req.query('saved') as keyof typeof NOTICES];
    const groups = await libraryByTopic(deps, language || undefined);
    return page(
      c,
      deps,
      c.get('t')('answers.title'),
      <AnswersPage
        ctx={pageContext(c, deps)}
        groups={groups}
        language={language}
        canWrite={canWrite(c)}
        flash={notice ? { kind: 'ok', text: c.get('t')(notice) } : undefined}
      />,
    );
  });

  r.get('/new', writers, (c) => {
    const lawDate = deskToday(deps);
    const reviewDate = latestReviewDate(lawDate, false);
    const language = c.get('locale');
    return form(c, {
      action: '/answers',
      heading: c.get('t')('answers.new'),
      values: {
        topic: '',
        language,
        title: '',
        text: '',
        sources: '',
        owner: '',
        reviewDate,
        lawDate,
        uncertain: '',
        macroQueue: '',
        macroStatus: '',
      },
    });
  });

  r.post('/', writers, async (c) => {
    const t = c.get('t');
    const f = parseAnswerForm(await c.req.parseBody(), t);
    if (!f.answer)
      return form(c, { action: '/answers', heading: t('answers.new'), values: f.values, errors: f.errors }, 422, {
        kind: 'error',
        text: t('form.errors'),
      });
    const id = await createAnswer(deps, f.answer, actor(c));
    return seeOther(c, `/answers/${id}?saved=saved`);
  });

  const answerPage = async (
    c: Context<AppEnv>,
    id: number,
    flash?: { kind: 'ok' | 'error'; text: string },
    status: 200 | 422 = 200,
  ) => {
    const answer = await getAnswer(deps, id);
    return page(
      c,
      deps,
      answer.title,
      <AnswerPage
        ctx={pageContext(c, deps)}
        answer={answer}
        canWrite={canWrite(c)}
        canApprove={hasRole(c.get('user'), 'legal')}
        flash={flash}
      />,
      status,
    );
  };

  r.get('/:id', async (c) => {
    const notice = NOTICES[c.req.query('saved') as keyof typeof NOTICES];
    return answerPage(c, parseId(c.req.param('id')), notice ? { kind: 'ok', text: c.get('t')(notice) } : undefined);
  });

  r.get('/:id/edit', writers, async (c) => {
    const a = await getAnswer(deps, parseId(c.req.param('id')));
    return form(c, {
      action: `/answers/${a.id}`,
      heading: c.get('t')('answers.edit'),
      version: a.version,
      values: {
        topic: a.topic,
        language: a.language,
        title: a.title,
        text: a.body,
        sources: a.sources,
        owner: a.owner,
        reviewDate: a.review_date,
        lawDate: a.law_date ?? '',
        uncertain: a.uncertain ? 'yes' : '',
        macroQueue: a.macro_queue ?? '',
        macroStatus: a.macro_status ?? '',
      },
    });
  });

  r.post('/:id', writers, async (c) => {
    const t = c.get('t');
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const f = parseAnswerForm(body, t);
    const version = formVersion(body);
    const p = { action: `/answers/${id}`, heading: t('answers.edit'), values: f.values };
    if (!f.answer) return form(c, { ...p, version, errors: f.errors }, 422, { kind: 'error', text: t('form.errors') });
    try {
      await updateAnswer(deps, id, version, f.answer, actor(c));
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'answer_stale')) throw e;
      const current = await getAnswer(deps, id);
      return form(c, { ...p, version: current.version }, 409, { kind: 'error', text: t('answers.conflict') });
    }
    return seeOther(c, `/answers/${id}?saved=saved`);
  });

  r.post('/:id/approve', requireRole('legal'), async (c) => {
    const id = parseId(c.req.param('id'));
    try {
      await approveAnswer(deps, id, formVersion(await c.req.parseBody()), actor(c));
    } catch (e) {
      // An answer without checkable sources stays a draft: the page says why, nothing changes.
      if (!(e instanceof AppError && e.code === 'answer_needs_sources')) throw e;
      return answerPage(c, id, { kind: 'error', text: c.get('t')('answers.needsSources') }, 422);
    }
    return seeOther(c, `/answers/${id}?saved=approved`);
  });

  return r;
}
