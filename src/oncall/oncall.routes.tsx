import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { page, pageContext, formatStamp } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { OncallPage, type OncallPageProps } from '../../views/oncall/oncall.js';
import {
  oncallSettings,
  recentOncallNotices,
  retryOncallNotice,
  saveOncallSettings,
  validateOncallForm,
} from './oncall.service.js';

/** The admin's on-call page (/admin/on-call): the number and address for urgent after-hours items, and the notices sent. */
export function oncallRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('admin'));

  async function render(
    c: Context<AppEnv>,
    extra: Pick<OncallPageProps, 'values' | 'errors'> = {},
    status: 200 | 422 = 200,
  ) {
    const settings = await oncallSettings(deps);
    const zone = deps.config.office.timeZone;
    const notices = (await recentOncallNotices(deps)).map((n) => ({
      id: n.id,
      contactId: n.contact_id,
      channel: n.channel,
      status: n.status,
      attempts: n.attempts,
      error: n.last_error,
      created: formatStamp(n.created_at, zone),
      sent: n.sent_at ? formatStamp(n.sent_at, zone) : null,
    }));
    return page(
      c,
      deps,
      c.get('t')('oncall.title'),
      <OncallPage
        ctx={pageContext(c, deps)}
        values={extra.values ?? { phone: settings.phone ?? '', email: settings.email ?? '' }}
        errors={extra.errors}
        notices={notices}
        smsReady={Boolean(deps.config.twilio.callerId && deps.config.twilio.accountSid && deps.config.twilio.authToken)}
        mailReady={Boolean(deps.config.mail.smtpUrl)}
      />,
      status,
    );
  }

  r.get('/', (c) => render(c));

  r.post('/', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody();
    const raw = {
      phone: String(body.phone ?? '').slice(0, 40),
      email: String(body.email ?? '').slice(0, 254),
    };
    const { values, errors } = validateOncallForm(raw);
    if (errors.phone || errors.email)
      return render(
        c,
        {
          values: raw,
          errors: {
            phone: errors.phone ? t('oncall.phoneInvalid') : undefined,
            email: errors.email ? t('field.invalid') : undefined,
          },
        },
        422,
      );
    await saveOncallSettings(deps, values, { id: c.get('user')!.id, ip: clientIp(c) });
    return seeOther(c, '/admin/on-call');
  });

  r.post('/notices/:id/retry', async (c) => {
    await retryOncallNotice(deps, parseId(c.req.param('id')), { id: c.get('user')!.id, ip: clientIp(c) });
    return seeOther(c, '/admin/on-call');
  });
  return r;
}
