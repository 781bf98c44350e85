import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { clientIp } from '../http/request.js';
import { page, pageContext } from '../http/render.js';
import { AuditVerifyPage } from '../../views/audit/audit-verify.js';
import { verifyForAdmin } from './audit-chain.service.js';

/** /admin/audit/verify: walks the audit chain and shows whether it is intact (admins only; the check is audited). */
export function auditVerifyRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('admin'));
  r.get('/', async (c) => {
    const report = await verifyForAdmin(deps, { id: c.get('user')!.id, ip: clientIp(c) });
    return page(
      c,
      deps,
      c.get('t')('auditChain.title'),
      <AuditVerifyPage ctx={pageContext(c, deps)} report={report} />,
    );
  });
  return r;
}
