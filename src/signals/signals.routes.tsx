import { type Context, Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { clientIp } from '../http/request.js';
import { seeOther } from '../http/htmx.js';
import { parseId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import { isSignalCode, SIGNAL_NOTE_MAX } from './signals.table.js';
import { markSignal, signalsExport } from './signals.service.js';
import { signalsSheet } from './signals-sheet.js';

/** The posted `code` (one of SIGNAL_CODES) and `note` (at most SIGNAL_NOTE_MAX characters), or a 422. */
async function readSignal(c: Context<AppEnv>) {
  const body = await c.req.parseBody();
  const code = typeof body.code === 'string' ? body.code.trim() : '';
  const note = typeof body.note === 'string' ? body.note.trim() : '';
  const t = c.get('t');
  if (!isSignalCode(code)) throw new AppError('signal_unknown_code', t('signal.error.code'));
  if (note.length > SIGNAL_NOTE_MAX)
    throw new AppError('signal_note_too_long', t('field.tooLong', { max: SIGNAL_NOTE_MAX }));
  return { code, note };
}

/**
 * `POST /contacts/:id/signals` and `POST /registrations/:id/signals` (docs/contract.md): an agent, supervisor or coordinator
 * marks a coded obstacle with a short note; mounted beside the contacts and registrations routes.
 */
export function signalRoutes(deps: Deps, on: 'contact' | 'registration') {
  const r = new Hono<AppEnv>();
  r.post('/:id/signals', requireRole('agent', 'supervisor', 'coordinator'), async (c) => {
    const id = parseId(c.req.param('id'));
    await markSignal(deps, on, id, await readSignal(c), c.get('user')!, clientIp(c));
    return seeOther(c, `/${on}s/${id}`);
  });
  return r;
}

/** `/signals/export.csv?quarter=2026-Q1` (supervisor): a quarter's signals for the centre's policy advice, audited. */
export function signalsExportRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('supervisor'));
  r.get('/export.csv', async (c) => {
    const quarter = (c.req.query('quarter') ?? '').slice(0, 10);
    const contract = await signalsExport(deps, quarter, { id: c.get('user')!.id, ip: clientIp(c) });
    const sheet = c.req.query('sheet') === '1';
    const body = sheet ? signalsSheet(contract, c.get('t')) : contract;
    const name = sheet ? `signals-${quarter}-${c.get('locale')}-spreadsheet` : `signals-${quarter}`;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(body);
  });
  return r;
}
