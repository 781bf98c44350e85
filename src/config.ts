import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { meetsOwaspMinimum, OWASP_SCRYPT, parseScryptCost, type ScryptCost } from './crypto/scrypt-cost.js';
import { parseTrustProxy, type TrustProxy } from './http/client-address.js';
import {
  DEFAULT_TRANSCRIPTION_LANGUAGES,
  parseTranscriptionLanguages,
  type TranscriptionLanguages,
} from './shared/transcription-language.js';
import { type DayHours, type LiberationDayRule, parseOfficeHours } from './shared/office-hours-spec.js';

/**
 * The only reader of process.env. Every variable Baken understands is listed and validated here once;
 * all problems are reported together, one line each, and the result is frozen.
 */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** SQLite file path (":memory:" allowed in tests); '' when the database is PostgreSQL. */
  databasePath: string;
  /** The postgres:// URL when DATABASE_URL names a PostgreSQL database (then databasePath is ''); else null. */
  databaseUrl: string | null;
  /** Folder for generated keys, attachments and backups. */
  dataDir: string;
  publicUrl: string;
  adminEmail?: string;
  adminPassword?: string;
  /** base64 of 32 bytes, or undefined when it is to be generated into dataDir (never in production). */
  dataKey?: string;
  /** DATA_KEY_IN_DATA_DIR=allow: outside development, a generated key file inside dataDir is accepted. */
  dataKeyInDataDir: boolean;
  /** base64 of 32 bytes sealing the audit chain (docs/contract.md), or undefined when kept in `dataDir/audit.key`. */
  auditKey?: string;
  /** AUDIT_KEY_IN_DATA_DIR=allow: outside development, a generated audit key file inside dataDir is accepted. */
  auditKeyInDataDir: boolean;
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  sessionAbsoluteHours: number;
  /** Interface the HTTP server binds (loopback unless HOST says otherwise). */
  host: string;
  defaultLocale: 'nl' | 'en';
  office: { timeZone: string; hours: DayHours[]; closeOnGoodFriday: boolean; liberationDay: LiberationDayRule };
  twilio: {
    accountSid?: string;
    authToken?: string;
    /** Numbers (E.164) or `client:identity` the open-hours call rings. */
    agentTargets: string[];
    ringSeconds: number;
    transcribe: boolean;
    /** Base URL of Twilio's REST API (recordings are fetched from it); overridable for local tests. */
    apiBase: string;
    /** The browser softphone (issue 25): API key SID and secret that sign access tokens, and the TwiML App. */
    apiKey?: string;
    apiSecret?: string;
    twimlAppSid?: string;
    /** The desk's number (E.164): caller ID of calls Baken places (callbacks, interpreters) and of the on-call SMS. */
    callerId?: string;
    /** The voicemail's transcription language (BCP-47) per menu path; `default` when no choice was made. */
    transcriptionLanguages: TranscriptionLanguages;
  };
  /** The on-call notice's number (E.164) and address from the environment; an admin may override both in the app. */
  oncall: { phone?: string; email?: string };
  mail: {
    listenPort?: number;
    listenHost: string;
    helpdeskAddresses: string[];
    imapUrl?: string;
    imapPollSeconds: number;
    smtpUrl?: string;
    from?: string;
    maxMessageBytes: number;
    maxAttachmentBytes: number;
    /**
     * DNS servers for the sender checks (SPF, DKIM, DMARC, ARC) of incoming mail: `ip` or `ip:port` each
     * (`[v6]:port`); [] means the system resolver; null (DNS_SERVERS=off) means no lookups at all.
     */
    dnsServers: string[] | null;
    /** The whole sender check of one message may take this long; beyond it the mail is "could not be verified". */
    authTimeoutMs: number;
  };
  /**
   * Development conveniences such as "simulate an incoming call": only with DEV_TOOLS=true or `--demo`, never in
   * production and never while TWILIO_AUTH_TOKEN is set (docs/contract.md).
   */
  devTools: boolean;
  /** A registered person's deadline is raised as a task this many working days before it runs out. */
  deadlineWorkingDays: number;
  /** Published statistics write every count from 1 to this minus one as `<N` (docs/contract.md). */
  statsMinCell: number;
  /** An open COSM placement request still without a place this many hours after it was made is raised on the care queue. */
  cosmWaitHours: number;
  /** scrypt's cost for new password hashes (PASSWORD_SCRYPT); older hashes are upgraded at the next sign-in. */
  passwordScrypt: ScryptCost;
  /** Days from a user's creation during which a role that requires a second factor may sign in without one. */
  mfaGraceDays: number;
  /** `npm run backup` keeps this many of its backups in DATA_DIR/backups and deletes older ones (BACKUP_KEEP). */
  backupKeep: number;
  /** Which X-Forwarded-For address is the client's (TRUST_PROXY); by default none is, the socket's address counts. */
  trustProxy: TrustProxy;
  /** METRICS_TOKEN: GET /metrics answers to `Authorization: Bearer <token>`; undefined: no /metrics at all. */
  metricsToken?: string;
  /** LOG_LEVEL: the least severe level written (pino's levels, `silent` for none). */
  logLevel: LogLevel;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export type Env = Record<string, string | undefined>;

/** An E.164 phone number: a plus, a first digit 1–9, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const bool = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: `${name} must be true or false` })
    .transform((v) => ['true', '1', 'yes'].includes(v));
const int = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);
const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Reads `.env` (when present) into process.env without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * DNS_SERVERS: unset for the system resolver, `off` for no lookups (an offline desk), or comma-separated servers
 * written as Node's resolver takes them: `192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1`, `[2001:db8::1]:5353`.
 */
function parseDnsServers(raw: string | undefined, problems: string[]): string[] | null {
  if (raw === undefined) return [];
  if (raw.toLowerCase() === 'off') return null;
  const servers = list(raw);
  for (const s of servers) {
    const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(s) ?? /^([\d.]+):(\d{1,5})$/.exec(s);
    const host = m ? m[1]! : s;
    const port = m ? Number(m[2]) : 53;
    if (!isIP(host) || port < 1 || port > 65535)
      problems.push(
        `DNS_SERVERS: "${s}" is not an IP address with an optional port (192.0.2.1:53, [2001:db8::1]:53) nor "off"`,
      );
  }
  return servers;
}

/** Validates the environment and returns the frozen configuration, or throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, opts: { demo?: boolean } = {}): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  function parse<T>(name: string, schema: z.ZodType<T>, fallback: string | undefined): T | undefined {
    const raw = get(name) ?? fallback;
    if (raw === undefined) return undefined;
    const r = schema.safeParse(raw);
    if (!r.success) {
      problems.push(
        `${name}: ${r.error.issues[0]?.message ?? 'is not valid'} (got "${name.includes('PASSWORD') || name.includes('TOKEN') || name.includes('KEY') ? '***' : raw}")`,
      );
      return undefined;
    }
    return r.data;
  }

  const nodeEnv =
    parse(
      'NODE_ENV',
      z.enum(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' }),
      'development',
    ) ?? 'development';
  const port = parse('PORT', int('PORT', 0, 65535), '3000') ?? 3000;

  const dbUrl = get('DATABASE_URL') ?? 'data/baken.sqlite';
  let databasePath = dbUrl;
  let databaseUrl: string | null = null;
  if (/^postgres(ql)?:\/\//i.test(dbUrl)) {
    databasePath = '';
    databaseUrl = dbUrl;
    let u: URL | null = null;
    try {
      u = new URL(dbUrl);
    } catch {}
    // The line never repeats the URL: it may hold a password.
    if (!u?.hostname || u.pathname.length < 2)
      problems.push('DATABASE_URL: a PostgreSQL URL reads postgres://user:password@host:port/database');
  } else if (dbUrl.startsWith('sqlite:')) databasePath = dbUrl.replace(/^sqlite:(\/\/)?/, '');
  const dataDir = get('DATA_DIR') ?? 'data';

  const publicUrl = (
    parse(
      'PUBLIC_URL',
      z
        .url({ message: 'PUBLIC_URL must be an absolute http(s) URL' })
        .refine((u) => /^https?:\/\//.test(u), 'PUBLIC_URL must start with http:// or https://'),
      `http://localhost:${port}`,
    ) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');

  const adminEmail = parse('ADMIN_EMAIL', z.email({ message: 'ADMIN_EMAIL must be an email address' }), undefined);
  const adminPassword = parse(
    'ADMIN_PASSWORD',
    z.string().min(10, 'ADMIN_PASSWORD must be at least 10 characters'),
    undefined,
  );
  if (adminEmail && !get('ADMIN_PASSWORD')) problems.push('ADMIN_PASSWORD: required when ADMIN_EMAIL is set');

  const dataKey = parse(
    'DATA_KEY',
    z.string().refine((k) => {
      try {
        return Buffer.from(k, 'base64').length === 32;
      } catch {
        return false;
      }
    }, 'DATA_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)'),
    undefined,
  );
  const keyInDataDirRaw = get('DATA_KEY_IN_DATA_DIR');
  if (keyInDataDirRaw !== undefined && keyInDataDirRaw !== 'allow')
    problems.push('DATA_KEY_IN_DATA_DIR: the only accepted value is "allow"');
  const dataKeyInDataDir = keyInDataDirRaw === 'allow';
  // The key beside the data it protects is a development convenience: a stolen data folder (or backup) would
  // carry its own key. Outside development it takes an explicit DATA_KEY_IN_DATA_DIR=allow.
  if (!get('DATA_KEY') && nodeEnv === 'production' && !dataKeyInDataDir)
    problems.push(
      'DATA_KEY: required when NODE_ENV=production (openssl rand -base64 32); a key file inside DATA_DIR is refused unless DATA_KEY_IN_DATA_DIR=allow',
    );

  // The audit chain's key (docs/contract.md): apart from DATA_KEY, with the same rule for a key file inside DATA_DIR.
  const auditKey = parse(
    'AUDIT_KEY',
    z.string().refine((k) => {
      try {
        return Buffer.from(k, 'base64').length === 32;
      } catch {
        return false;
      }
    }, 'AUDIT_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)'),
    undefined,
  );
  if (auditKey && dataKey && Buffer.from(auditKey, 'base64').equals(Buffer.from(dataKey, 'base64')))
    problems.push('AUDIT_KEY: must differ from DATA_KEY (the audit chain is sealed with a key of its own)');
  const auditKeyInDataDirRaw = get('AUDIT_KEY_IN_DATA_DIR');
  if (auditKeyInDataDirRaw !== undefined && auditKeyInDataDirRaw !== 'allow')
    problems.push('AUDIT_KEY_IN_DATA_DIR: the only accepted value is "allow"');
  const auditKeyInDataDir = auditKeyInDataDirRaw === 'allow';
  if (!get('AUDIT_KEY') && nodeEnv === 'production' && !auditKeyInDataDir)
    problems.push(
      'AUDIT_KEY: required when NODE_ENV=production (openssl rand -base64 32, not the DATA_KEY); a key file inside DATA_DIR is refused unless AUDIT_KEY_IN_DATA_DIR=allow',
    );

  const sessionIdleMinutes = parse('SESSION_IDLE_MINUTES', int('SESSION_IDLE_MINUTES', 1, 24 * 60), '30') ?? 30;
  const sessionAbsoluteHours = parse('SESSION_ABSOLUTE_HOURS', int('SESSION_ABSOLUTE_HOURS', 1, 7 * 24), '12') ?? 12;
  const host =
    parse(
      'HOST',
      z.string().regex(/^[\w.:-]{1,253}$/, 'HOST must be an interface address such as 127.0.0.1 or 0.0.0.0'),
      '127.0.0.1',
    ) ?? '127.0.0.1';
  const defaultLocale =
    parse('DEFAULT_LOCALE', z.enum(['nl', 'en'], { message: 'DEFAULT_LOCALE must be nl or en' }), 'nl') ?? 'nl';

  const timeZone =
    parse(
      'OFFICE_TIME_ZONE',
      z.string().refine(isTimeZone, 'OFFICE_TIME_ZONE must be an IANA time zone such as Europe/Amsterdam'),
      'Europe/Amsterdam',
    ) ?? 'Europe/Amsterdam';
  let hours: DayHours[] = [];
  try {
    hours = parseOfficeHours(get('OFFICE_HOURS') ?? 'mon-fri 09:00-17:00');
  } catch (e) {
    problems.push(`OFFICE_HOURS: ${(e as Error).message}`);
  }
  const closeOnGoodFriday = parse('OFFICE_CLOSED_GOOD_FRIDAY', bool('OFFICE_CLOSED_GOOD_FRIDAY'), 'false') ?? false;
  const liberationDay =
    parse(
      'OFFICE_CLOSED_LIBERATION_DAY',
      z.enum(['never', 'lustrum', 'always'], {
        message: 'OFFICE_CLOSED_LIBERATION_DAY must be never, lustrum or always',
      }),
      'lustrum',
    ) ?? 'lustrum';

  const agentTargets = list(get('TWILIO_AGENT_NUMBERS'));
  for (const t of agentTargets)
    if (/^client:[\w.-]{1,64}$/.test(t) && /[.-]/.test(t))
      problems.push(
        `TWILIO_AGENT_NUMBERS: "${t}" has a "." or "-": the Voice SDK accepts only letters, digits and _ in an identity`,
      );
    else if (!/^(\+[1-9]\d{6,14}|client:\w{1,64})$/.test(t))
      problems.push(`TWILIO_AGENT_NUMBERS: "${t}" is neither an E.164 number (+31...) nor client:identity`);
  const softphone = {
    apiKey: parse(
      'TWILIO_API_KEY',
      z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'TWILIO_API_KEY must look like SK followed by 32 hex characters'),
      undefined,
    ),
    apiSecret: parse(
      'TWILIO_API_SECRET',
      z.string().regex(/^[\x21-\x7e]{16,128}$/, 'TWILIO_API_SECRET must be the API key secret (16 to 128 characters)'),
      undefined,
    ),
    twimlAppSid: parse(
      'TWILIO_TWIML_APP_SID',
      z.string().regex(/^AP[0-9a-fA-F]{32}$/, 'TWILIO_TWIML_APP_SID must look like AP followed by 32 hex characters'),
      undefined,
    ),
    callerId: parse(
      'TWILIO_CALLER_ID',
      z.string().regex(/^\+[1-9]\d{6,14}$/, 'TWILIO_CALLER_ID must be an E.164 number (+31...)'),
      undefined,
    ),
  };
  const softphoneSet = [softphone.apiKey, softphone.apiSecret, softphone.twimlAppSid].filter(Boolean).length;
  if (softphoneSet > 0 && softphoneSet < 3)
    problems.push('TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_TWIML_APP_SID: the softphone needs all three, or none');
  const accountSid = parse(
    'TWILIO_ACCOUNT_SID',
    z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'TWILIO_ACCOUNT_SID must look like AC followed by 32 hex characters'),
    undefined,
  );
  const authToken = get('TWILIO_AUTH_TOKEN');
  if (nodeEnv === 'production' && !authToken)
    problems.push('TWILIO_AUTH_TOKEN: required when NODE_ENV=production (webhooks cannot be verified without it)');

  const oncallPhone = get('ONCALL_PHONE');
  if (oncallPhone !== undefined && !E164.test(oncallPhone))
    problems.push(`ONCALL_PHONE: "${oncallPhone}" is not an E.164 number (+31...)`);
  const oncallEmail = get('ONCALL_EMAIL');
  if (oncallEmail !== undefined && !z.email().safeParse(oncallEmail).success)
    problems.push('ONCALL_EMAIL: not an email address');
  let transcriptionLanguages: TranscriptionLanguages = { ...DEFAULT_TRANSCRIPTION_LANGUAGES };
  try {
    transcriptionLanguages = parseTranscriptionLanguages(get('TWILIO_TRANSCRIPTION_LANGUAGES'));
  } catch (e) {
    problems.push(`TWILIO_TRANSCRIPTION_LANGUAGES: ${(e as Error).message}`);
  }

  const helpdeskAddresses = list(get('HELPDESK_ADDRESSES')).map((a) => a.toLowerCase());
  for (const a of helpdeskAddresses)
    if (!z.email().safeParse(a).success) problems.push(`HELPDESK_ADDRESSES: "${a}" is not an email address`);
  const listenPort = parse('SMTP_LISTEN_PORT', int('SMTP_LISTEN_PORT', 0, 65535), undefined);
  if (listenPort !== undefined && helpdeskAddresses.length === 0)
    problems.push(
      'HELPDESK_ADDRESSES: required when SMTP_LISTEN_PORT is set (the listener must know which recipients to accept)',
    );
  const imapUrl = parse(
    'IMAP_URL',
    z.string().regex(/^imaps?:\/\/[^/]+/, 'IMAP_URL must look like imaps://user:pass@host/INBOX'),
    undefined,
  );
  const smtpUrl = parse(
    'SMTP_URL',
    z.string().regex(/^smtps?:\/\/[^/]+/, 'SMTP_URL must look like smtp://user:pass@host:587'),
    undefined,
  );
  const from = parse(
    'MAIL_FROM',
    z
      .string()
      .min(3)
      .refine((v) => /@/.test(v), 'MAIL_FROM must contain an email address'),
    undefined,
  );
  if (smtpUrl && !from && helpdeskAddresses.length === 0) problems.push('MAIL_FROM: required when SMTP_URL is set');
  const dnsServers = parseDnsServers(get('DNS_SERVERS'), problems);

  // Below OWASP's minimum only in tests (the factories' users sign in by the hundred); every other start refuses it.
  const scryptText = get('PASSWORD_SCRYPT');
  let passwordScrypt: ScryptCost = OWASP_SCRYPT;
  if (scryptText !== undefined) {
    const cost = parseScryptCost(scryptText);
    if (!cost)
      problems.push(`PASSWORD_SCRYPT: write N,r,p with N a power of two, e.g. 131072,8,1 (got "${scryptText}")`);
    else if (!meetsOwaspMinimum(cost) && nodeEnv !== 'test')
      problems.push("PASSWORD_SCRYPT: below OWASP's minimum (131072,8,1 or an equivalent such as 65536,8,2)");
    else passwordScrypt = cost;
  }

  let trustProxy: TrustProxy = { kind: 'none' };
  try {
    trustProxy = parseTrustProxy(get('TRUST_PROXY'));
  } catch (e) {
    problems.push(`TRUST_PROXY: ${(e as Error).message}`);
  }
  const metricsToken = parse(
    'METRICS_TOKEN',
    z.string().regex(/^[\x21-\x7e]{16,256}$/, 'METRICS_TOKEN must be 16 to 256 printable characters without spaces'),
    undefined,
  );
  const logLevel =
    parse('LOG_LEVEL', z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }), 'info') ??
    'info';

  const config: Config = {
    nodeEnv,
    port,
    databasePath,
    databaseUrl,
    dataDir,
    publicUrl,
    adminEmail,
    adminPassword,
    dataKey,
    dataKeyInDataDir,
    auditKey,
    auditKeyInDataDir,
    sessionIdleMinutes,
    sessionAbsoluteHours,
    host,
    defaultLocale,
    office: { timeZone, hours, closeOnGoodFriday, liberationDay },
    twilio: {
      accountSid,
      authToken,
      agentTargets,
      ringSeconds: parse('TWILIO_RING_SECONDS', int('TWILIO_RING_SECONDS', 5, 120), '25') ?? 25,
      transcribe: parse('TWILIO_TRANSCRIBE', bool('TWILIO_TRANSCRIBE'), 'true') ?? true,
      apiBase: (
        parse('TWILIO_API_BASE', z.url({ message: 'TWILIO_API_BASE must be a URL' }), 'https://api.twilio.com') ??
        'https://api.twilio.com'
      ).replace(/\/+$/, ''),
      ...softphone,
      transcriptionLanguages,
    },
    oncall: { phone: oncallPhone, email: oncallEmail },
    mail: {
      listenPort,
      listenHost: get('SMTP_LISTEN_HOST') ?? '127.0.0.1',
      helpdeskAddresses,
      imapUrl,
      imapPollSeconds: parse('IMAP_POLL_SECONDS', int('IMAP_POLL_SECONDS', 5, 3600), '60') ?? 60,
      smtpUrl,
      from: from ?? helpdeskAddresses[0],
      maxMessageBytes:
        parse('MAIL_MAX_BYTES', int('MAIL_MAX_BYTES', 1024, 200 * 1024 * 1024), String(25 * 1024 * 1024)) ??
        25 * 1024 * 1024,
      maxAttachmentBytes:
        parse('ATTACHMENT_MAX_BYTES', int('ATTACHMENT_MAX_BYTES', 1024, 100 * 1024 * 1024), String(10 * 1024 * 1024)) ??
        10 * 1024 * 1024,
      dnsServers,
      authTimeoutMs: parse('MAIL_AUTH_TIMEOUT_MS', int('MAIL_AUTH_TIMEOUT_MS', 100, 30_000), '4000') ?? 4000,
    },
    // Off unless asked for (DEV_TOOLS=true, or `--demo`), never in production and never beside a real Twilio token:
    // a simulated call must never pass for a real one.
    devTools:
      nodeEnv !== 'production' &&
      !authToken &&
      (parse('DEV_TOOLS', bool('DEV_TOOLS'), opts.demo ? 'true' : 'false') ?? false),
    deadlineWorkingDays: parse('DEADLINE_WORKING_DAYS', int('DEADLINE_WORKING_DAYS', 0, 60), '10') ?? 10,
    statsMinCell: parse('STATS_MIN_CELL', int('STATS_MIN_CELL', 1, 1000), '10') ?? 10,
    cosmWaitHours: parse('COSM_WAIT_HOURS', int('COSM_WAIT_HOURS', 1, 24 * 90), '48') ?? 48,
    passwordScrypt,
    mfaGraceDays: parse('MFA_GRACE_DAYS', int('MFA_GRACE_DAYS', 0, 365), '14') ?? 14,
    backupKeep: parse('BACKUP_KEEP', int('BACKUP_KEEP', 1, 1000), '14') ?? 14,
    trustProxy,
    metricsToken,
    logLevel,
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
