import type { PageContext } from '../layout.js';
import type { MessageKey } from '../../src/i18n/i18n.js';

export interface AuditVerifyView {
  intact: boolean;
  rows: number;
  /** The checkpoint's row the walk started after (0: from the first entry). */
  from: number;
  head: { id: number; hash: string };
  break?: { kind: string; id: number };
}

/** The admin's page on the audit chain: intact (how many entries, from which checkpoint) or the first break. */
export function AuditVerifyPage(props: { ctx: PageContext; report: AuditVerifyView }) {
  const { t } = props.ctx;
  const r = props.report;
  return (
    <section>
      <h1>{t('auditChain.title')}</h1>
      <p>{t('auditChain.intro')}</p>
      {r.break ? (
        <div class="flash flash-error" role="alert" id="audit-chain-result">
          <h2>{t('auditChain.broken', { id: r.break.id })}</h2>
          <p>{t(`auditChain.kind.${r.break.kind}` as MessageKey, { id: r.break.id })}</p>
          <p>{t('auditChain.before', { n: r.rows })}</p>
          <p>{t('auditChain.advice')}</p>
        </div>
      ) : (
        <div class="flash flash-ok" role="status" id="audit-chain-result">
          <p>{t('auditChain.intact', { n: r.rows })}</p>
          {r.from > 0 && <p>{t('auditChain.fromCheckpoint', { id: r.from })}</p>}
          {r.head.id > 0 && <p>{t('auditChain.head', { id: r.head.id, hash: r.head.hash.slice(0, 16) })}</p>}
        </div>
      )}
      <p>
        <a href="/admin/audit/verify">{t('auditChain.again')}</a>
      </p>
    </section>
  );
}
