import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { AppError } from '../shared/app-error.js';
import { UserFormPage, UsersPage } from '../../views/users/users.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { createUser, getUser, listUsers, updateUser } from './users.service.js';
import { parseUserForm } from './users.form.js';
import { factorOverview, resetFactor, setFactorPolicy } from '../auth/two-factor-admin.service.js';
import { careRegionChoices, readCareRegionField, setCareRegionsOfUser } from '../registrations/care-regions.service.js';

/** The admin's user management: list, add, edit (roles, active, language, password). */
export function usersRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('users')));

  const SAVED = {
    '1': 'users.saved',
    policy: 'users.twoFactor.policySaved',
    factor: 'users.twoFactor.resetDone',
  } as const;
  r.get('/', async (c) => {
    const saved = SAVED[c.req.query('saved') as keyof typeof SAVED];
    return page(
      c,
      deps,
      c.get('t')('users.title'),
      <UsersPage
        ctx={pageContext(c, deps)}
        users={await listUsers(deps)}
        saved={saved ? c.get('t')(saved) : undefined}
        factors={await factorOverview(deps)}
      />,
    );
  });

  // The admin may require a second factor of everyone (the roles that see the most always need one).
  r.post('/two-factor-policy', async (c) => {
    const body = await c.req.parseBody();
    await setFactorPolicy(deps, body.everyone === 'yes', { id: c.get('user')!.id, ip: clientIp(c) });
    return seeOther(c, '/admin/users?saved=policy');
  });

  // A lost phone: the user's factor and recovery codes go, their sessions end; they enrol again at sign-in.
  r.post('/:id/two-factor/reset', async (c) => {
    const id = parseId(c.req.param('id'));
    await getUser(deps, id);
    await resetFactor(deps, id, { id: c.get('user')!.id, ip: clientIp(c) });
    return seeOther(c, '/admin/users?saved=factor');
  });

  r.get('/new', async (c) =>
    page(
      c,
      deps,
      c.get('t')('users.new'),
      <UserFormPage
        ctx={pageContext(c, deps)}
        values={{ name: '', email: '', roles: ['agent'], locale: '', active: true }}
        {...(await careRegionChoices(deps, null))}
      />,
    ),
  );

  r.post('/', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const form = parseUserForm(body, t, true);
    const regions = await readCareRegionField(deps, body.careRegions, t);
    const again = async (errors: Record<string, string>, message: string) =>
      page(
        c,
        deps,
        t('users.new'),
        <UserFormPage
          ctx={pageContext(c, deps)}
          values={form.values}
          errors={errors}
          message={message}
          {...(await careRegionChoices(deps, null, regions.values))}
        />,
        422,
      );
    if (!form.ok || !regions.ok) return again({ ...(form.ok ? {} : form.errors), ...regions.errors }, t('form.errors'));
    try {
      const id = await createUser(deps, form.input, c.get('user')!.id, clientIp(c));
      await setCareRegionsOfUser(deps, id, regions.ids, { id: c.get('user')!.id, ip: clientIp(c) });
    } catch (e) {
      if (e instanceof AppError && e.code === 'email_taken')
        return again({ email: t('users.emailTaken') }, t('form.errors'));
      throw e;
    }
    return seeOther(c, '/admin/users?saved=1');
  });

  r.get('/:id', async (c) => {
    const u = await getUser(deps, parseId(c.req.param('id')));
    return page(
      c,
      deps,
      c.get('t')('users.edit'),
      <UserFormPage
        ctx={pageContext(c, deps)}
        id={u.id}
        values={{ name: u.name, email: u.email, roles: u.roles.split(','), locale: u.locale ?? '', active: !!u.active }}
        factorEnabled={(await factorOverview(deps)).enabled.has(u.id)}
        {...(await careRegionChoices(deps, u.id))}
      />,
    );
  });

  r.post('/:id', async (c) => {
    const t = c.get('t');
    const id = parseId(c.req.param('id'));
    await getUser(deps, id);
    const body = await c.req.parseBody({ all: true });
    const form = parseUserForm(body, t, false);
    const regions = await readCareRegionField(deps, body.careRegions, t);
    const again = async (errors: Record<string, string>, message: string) =>
      page(
        c,
        deps,
        t('users.edit'),
        <UserFormPage
          ctx={pageContext(c, deps)}
          id={id}
          values={form.values}
          errors={errors}
          message={message}
          {...(await careRegionChoices(deps, id, regions.values))}
        />,
        422,
      );
    if (!form.ok || !regions.ok) return again({ ...(form.ok ? {} : form.errors), ...regions.errors }, t('form.errors'));
    try {
      await updateUser(deps, id, form.input, c.get('user')!.id, clientIp(c));
      await setCareRegionsOfUser(deps, id, regions.ids, { id: c.get('user')!.id, ip: clientIp(c) });
    } catch (e) {
      if (e instanceof AppError && e.code === 'email_taken')
        return again({ email: t('users.emailTaken') }, t('form.errors'));
      if (e instanceof AppError && e.code === 'self_lockout') return again({}, t('users.selfDeactivate'));
      throw e;
    }
    return seeOther(c, '/admin/users?saved=1');
  });
  return r;
}
