import { fieldErrors } from '../http/form-errors.js';
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment, page, pageContext } from '../http/render.js';
import { isHtmx, seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { AppError } from '../shared/app-error.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { SimulateForm, SimulatePage, type SimulateProps, type SimulateValues } from '../../views/calls/simulate.js';
import { openRecording } from './voicemail.service.js';
import { markRecordingPlayed, recordPlayFailed, recordStreamProgress } from './voicemail-play.service.js';
import { SIMULATED_ENDINGS, simulateCall, type SendToApp } from './call-simulator.js';

const emptySimulation = (): SimulateValues => ({ from: '+31 6 12345678', digits: '1', end: 'ringing', transcript: '' });

/** Voicemail playback for agents, and (development only) "simulate an incoming call". */
export function callsRoutes(deps: Deps, send: SendToApp) {
  const r = new Hono<AppEnv>();

  r.get('/recordings/:id', requireRole('agent', 'supervisor', 'legal'), async (c) => {
    const id = parseId(c.req.param('id'));
    const t = c.get('t');
    const actor = { id: c.get('user')!.id, ip: clientIp(c), user: c.get('user')! };
    let audio: Awaited<ReturnType<typeof openRecording>>;
    try {
      audio = await openRecording(deps, Number(id), actor, c.req.header('Range'));
    } catch (e) {
      // Twilio failed to deliver it: noted for this agent, so the review may decide the item with that reason.
      if (e instanceof AppError && e.status === 503 && e.code !== 'twilio_not_configured')
        await recordPlayFailed(deps, id, actor, { by: 'fetch', code: e.code });
      if (e instanceof AppError && e.status === 503)
        throw new AppError(
          e.code,
          t(e.code === 'twilio_not_configured' ? 'calls.recording.notConfigured' : 'calls.recording.unavailable'),
        );
      throw e;
    }
    c.header('Content-Type', audio.type);
    c.header('Cache-Control', 'no-store, private');
    c.header('Content-Disposition', 'inline');
    if (audio.length && /^\d+$/.test(audio.length)) c.header('Content-Length', audio.length);
    c.header('Accept-Ranges', 'bytes');
    if (audio.status === 206 && audio.contentRange) {
      c.status(206);
      c.header('Content-Range', audio.contentRange);
    }
    // What reaches the agent is counted: a recording counts as heard only once all of it arrived (from the first
    // byte, without a gap) and the player then reports that it ended (voicemail-play.service.ts).
    const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(audio.status === 206 ? (audio.contentRange ?? '') : '');
    const start = range ? Number(range[1]) : 0;
    const total = range ? Number(range[2]) : audio.length && /^\d+$/.test(audio.length) ? Number(audio.length) : null;
    let sent = 0;
    const body = audio.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          sent += chunk.byteLength;
          out.enqueue(chunk);
        },
      }),
    );
    return stream(c, async (s) => {
      let aborted = false;
      s.onAbort(() => {
        aborted = true;
        void body.cancel().catch(() => undefined);
      });
      let ended = false;
      try {
        await s.pipe(body);
        ended = !aborted;
      } catch {
        // the agent's player went away, or Twilio broke off: what arrived is noted below
      } finally {
        await recordStreamProgress(deps, id, actor, { start, bytes: sent, total, ended }).catch((e) =>
          deps.log.warn('voicemail play could not be noted', { recordingId: id, reason: (e as Error).name }),
        );
      }
    });
  });

  // Marking a voicemail as reviewed changes it, so it is a POST (CSRF-checked), never a side effect of a GET.
  r.post('/recordings/:id/played', requireRole('agent', 'supervisor', 'legal'), async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    let done: Awaited<ReturnType<typeof markRecordingPlayed>>;
    try {
      done = await markRecordingPlayed(deps, id, { id: user.id, ip: clientIp(c), user });
    } catch (e) {
      if (e instanceof AppError && e.code === 'recording_not_heard')
        throw new AppError(e.code, c.get('t')('review.notHeard'));
      throw e;
    }
    if (!done) throw new AppError('not_found');
    if (isHtmx(c)) return c.body(null, 204);
    return seeOther(c, `/contacts/${done.contactId}`);
  });

  // Development only (DEV_TOOLS=true or --demo, never beside TWILIO_AUTH_TOKEN): 404 otherwise, as if the page
  // did not exist.
  const devOnly = async (_c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!deps.config.devTools || deps.config.twilio.authToken) throw new AppError('not_found');
    await next();
  };
  const props = (c: Context<AppEnv>, values: SimulateValues, extra: Partial<SimulateProps> = {}): SimulateProps => ({
    ctx: pageContext(c, deps),
    values,
    devToken: !deps.config.twilio.authToken,
    noAgents: deps.config.twilio.agentTargets.length === 0,
    ...extra,
  });

  r.get('/simulate', requireRole(...areaRoles('simulate')), devOnly, (c) =>
    page(c, deps, c.get('t')('calls.simulate.title'), <SimulatePage {...props(c, emptySimulation())} />),
  );

  r.post('/simulate', requireRole(...areaRoles('simulate')), devOnly, async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const values: SimulateValues = {
      from: typeof body.from === 'string' ? body.from : '',
      digits: typeof body.digits === 'string' ? body.digits : '',
      end: typeof body.end === 'string' ? body.end : '',
      transcript: typeof body.transcript === 'string' ? body.transcript : '',
    };
    const parsed = z
      .object({
        from: z
          .string()
          .trim()
          .max(70, t('calls.simulate.badFrom'))
          .regex(/^(|\+?[\d\s().-]{3,32}|anonymous|client:[\w.-]{1,64})$/, t('calls.simulate.badFrom')),
        digits: z.enum(['', '1', '2', '3'], { message: t('field.invalid') }),
        end: z.enum(SIMULATED_ENDINGS, { message: t('field.invalid') }),
        transcript: z.string().max(2000, t('field.tooLong', { max: 2000 })),
      })
      .safeParse(values);
    const answer = (extra: Partial<SimulateProps>, status: 200 | 422) =>
      isHtmx(c)
        ? fragment(c, <SimulateForm {...props(c, values, extra)} />, status)
        : page(c, deps, t('calls.simulate.title'), <SimulatePage {...props(c, values, extra)} />, status);
    if (!parsed.success) {
      return answer({ errors: fieldErrors(parsed.error) }, 422);
    }
    try {
      const user = c.get('user')!;
      const done = await simulateCall(deps, send, parsed.data, { id: user.id, ip: clientIp(c) });
      return answer({ done: { contactId: done.contactId, reference: done.reference ?? '' } }, 200);
    } catch (e) {
      if (e instanceof AppError && e.code === 'simulation_failed')
        return answer({ failed: t('calls.simulate.failed', { status: e.message }) }, 422);
      throw e;
    }
  });
  return r;
}
