import type { PageContext } from '../layout.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { SIGNAL_CODES, SIGNAL_NOTE_MAX } from '../../src/signals/signals.table.js';

export interface SignalsPanelProps {
  ctx: PageContext;
  /** Where the form posts: `/contacts/:id/signals` or `/registrations/:id/signals`. */
  action: string;
  signals: { id: number; code: string; note: string; markedOn: string; markedBy: string }[];
}

/** Signals for policy on a contact or a registration: the obstacles marked so far and a form to mark one. */
export function SignalsPanel(props: SignalsPanelProps) {
  const { t } = props.ctx;
  const id = props.action.startsWith('/contacts') ? 'contact-signal' : 'registration-signal';
  return (
    <section class="signals-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('signal.title')}</h2>
      {props.signals.length ? (
        <ul>
          {props.signals.map((s) => (
            <li>
              <strong>{t(`signal.code.${s.code}` as MessageKey)}</strong> · {s.markedOn}
              {s.markedBy && ` · ${s.markedBy}`}
              {s.note && <p>{s.note}</p>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('signal.none')}</p>
      )}
      <form method="post" action={props.action}>
        <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
        <div class="field">
          <label for={`${id}-code`}>{t('signal.code')}</label>
          <select id={`${id}-code`} name="code" required>
            {SIGNAL_CODES.map((c) => (
              <option value={c}>{t(`signal.code.${c}` as MessageKey)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-note`}>{t('signal.note')}</label>
          <textarea id={`${id}-note`} name="note" maxlength={SIGNAL_NOTE_MAX} rows={2}></textarea>
          <small class="hint">{t('signal.noteHint')}</small>
        </div>
        <button type="submit">{t('signal.mark')}</button>
      </form>
    </section>
  );
}
