import type { ContactTables } from '../contacts/contacts.table.js';
import type { CallTables } from '../calls/calls.table.js';
import type { MailTables } from '../email/email.table.js';
import type { DraftTables } from '../drafts/drafts.table.js';
import type { RoutingTables } from '../routing/routing.table.js';
import type { RegistrationTables } from '../registrations/registrations.table.js';
import type { CareCaseTables } from '../registrations/care-case.table.js';
import type { ReviewTables } from '../review/review.table.js';
import type { RetentionTables } from '../retention/retention.table.js';
import type { StatisticsTables } from '../statistics/statistics.table.js';
import type { InstanceTables } from './instances.table.js';
import type { OpsTables } from '../ops/ops.table.js';
import type { AuthTables } from '../auth/auth.table.js';
import type { CosmTables } from '../cosm/cosm.table.js';
import type { SignalTables } from '../signals/signals.table.js';
import type { SoftphoneTables } from '../calls/softphone.table.js';
import type { TranscriptTables } from '../calls/transcript.table.js';
import type { CallbackTables } from '../calls/callback.table.js';
import type { OncallTables } from '../oncall/oncall.table.js';
import type { UserTables } from '../users/users.table.js';
import type { OfficeHoursTables } from '../office-hours/office-hours.table.js';
import type { AuditTables } from '../audit/audit.table.js';

/**
 * The whole database as Kysely sees it: each feature declares its own tables in its `*.table.ts` (the owner of
 * a table is the only feature that writes it; test/unit/architecture.test.ts reads the owners from there).
 */
export interface DB
  extends ContactTables,
    UserTables,
    AuthTables,
    OfficeHoursTables,
    AuditTables,
    CallTables,
    MailTables,
    DraftTables,
    RoutingTables,
    RegistrationTables,
    CareCaseTables,
    ReviewTables,
    RetentionTables,
    StatisticsTables,
    InstanceTables,
    CosmTables,
    SignalTables,
    OpsTables,
    SoftphoneTables,
    TranscriptTables,
    CallbackTables,
    OncallTables {}
