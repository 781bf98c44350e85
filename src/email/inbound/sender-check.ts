import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { arc, dkimVerify, dmarc, spf } from 'mailauth';
import type { Deps } from '../../deps.js';
import { MailDns, type MailResolver } from './dns-resolver.js';
import { type AuthFacts, notVerified, type SenderAuth, senderVerdict } from './sender-auth.js';

/** What the intake knows about how a message arrived. */
export interface ArrivalFacts {
  /** The connecting client's address (SMTP); unknown for IMAP, so SPF cannot be checked there. */
  ip?: string;
  /** The name the client gave in HELO/EHLO. */
  helo?: string;
  /** The SMTP envelope sender ('' for a bounce); unknown for IMAP. */
  envelopeFrom?: string;
}

/** One DNS (settings and cache) per app: tests build many apps in one process, each with its own DNS_SERVERS. */
const perApp = new WeakMap<Deps, MailDns>();

function dnsOf(deps: Deps): MailDns | null {
  const servers = deps.config.mail.dnsServers;
  if (servers === null) return null;
  let dns = perApp.get(deps);
  if (!dns) {
    // A query may take most of the budget; the check as a whole is cut at the budget anyway.
    dns = new MailDns(servers, Math.max(100, Math.floor(deps.config.mail.authTimeoutMs * 0.75)));
    perApp.set(deps, dns);
  }
  return dns;
}

/**
 * Checks who really sent a message — SPF (only with the connecting address, i.e. over SMTP), DKIM, DMARC and ARC,
 * with mailauth — within MAIL_AUTH_TIMEOUT_MS, through the DNS of DNS_SERVERS. It never throws and never stores:
 * the intake passes the verdict to the ingestion path, and the message is stored whatever the verdict (a timeout,
 * an unreachable DNS or DNS_SERVERS=off give "could not be verified").
 */
export async function checkSender(deps: Deps, raw: Buffer, arrival: ArrivalFacts): Promise<SenderAuth> {
  const dns = dnsOf(deps);
  if (!dns) return notVerified('dns-off');
  const { resolve, cancel } = dns.forCheck();
  const input = Readable.from(slices(raw));
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const timeout = new Promise<SenderAuth>((done) => {
    timer = setTimeout(() => done(notVerified('timeout')), deps.config.mail.authTimeoutMs);
  });
  try {
    return await Promise.race([
      gatherFacts(input, raw, arrival, resolve).then(senderVerdict, (e: unknown) => {
        if (!settled)
          deps.log.warn('sender check failed, mail kept as not verified', {
            code: (e as { code?: string }).code ?? null,
          });
        return notVerified('error');
      }),
      timeout,
    ]);
  } finally {
    settled = true;
    clearTimeout(timer);
    // Whatever is still being read or asked for this message is abandoned (the answers would be thrown away).
    input.destroy();
    cancel();
  }
}

/** Bytes handed to the DKIM body hash at a time; between two slices the event loop answers others. */
const SLICE = 64 * 1024;

/**
 * The message in slices with a turn of the event loop between them: mailauth hashes whatever it is given in one go,
 * and a 20 MB message in one piece held the loop for half a second (in 64 KB slices: under 30 ms).
 */
async function* slices(raw: Buffer) {
  for (let at = 0; at < raw.length; at += SLICE) {
    yield raw.subarray(at, at + SLICE);
    await new Promise<void>((next) => setImmediate(next));
  }
}

/** Loopback, private, shared and link-local ranges: an address there is the organisation's relay, not the sender's server. */
export function isInternalAddress(ip: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/i.exec(ip);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/**
 * Whose address SPF checks. The listener normally takes mail from the organisation's own relay (SMTP_LISTEN_HOST on
 * loopback or an internal network): then the connecting address says nothing about the sender, and the client the
 * relay wrote in its Received header (the newest one, which that relay added) is checked instead. A connection from
 * a public address is the sending server itself. Without either (IMAP, or no address in the header) SPF is not checked.
 */
export function spfClient(arrival: ArrivalFacts, newestReceived: string | null): { ip: string; helo?: string } | null {
  if (!arrival.ip) return null;
  if (!isInternalAddress(arrival.ip)) return { ip: arrival.ip, helo: arrival.helo };
  if (!newestReceived) return null;
  const value = newestReceived.replace(/^received:/i, '').replace(/\s+/g, ' ');
  const m = /^\s*from\s+(\S+)\s+\(([^)]*)\)/i.exec(value);
  const ip = m ? /\[(?:ipv6:)?([0-9a-f:.]+)\]/i.exec(m[2]!)?.[1] : undefined;
  if (!m || !ip || !isIP(ip) || isInternalAddress(ip)) return null;
  return { ip, helo: m[1] };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Runs the checks as mailauth's authenticate() does, but SPF only where there is a connecting address to check. */
async function gatherFacts(
  input: Readable,
  raw: Buffer,
  arrival: ArrivalFacts,
  resolver: MailResolver,
): Promise<AuthFacts> {
  const sender = arrival.envelopeFrom || undefined;
  const dkimResult = await dkimVerify(raw.length > SLICE ? input : raw, { resolver, sender });
  const headers = (dkimResult.headers?.parsed ?? []) as { key: string; line: Buffer | string }[];
  const fromHeaders = headers.filter((h) => h.key === 'from').length;
  const fromDomains = dkimResult.headerFrom.map(domainOf);

  let spfResult: Awaited<ReturnType<typeof spf>> | false = false;
  const client = spfClient(arrival, headers.find((h) => h.key === 'received')?.line.toString() ?? null);
  if (client) {
    const helo = client.helo || client.ip;
    spfResult = await spf({
      ip: client.ip,
      helo: isIP(helo) ? `[${helo}]` : helo,
      sender,
      mta: 'baken',
      resolver,
    });
  }
  const arcResult = await arc(dkimResult.arc as Parameters<typeof arc>[0], { resolver });
  const dkim = (dkimResult.results ?? []).map((r) => ({
    domain: (r.signingDomain ?? '').toLowerCase(),
    result: r.status.result,
    aligned: !!r.status.aligned,
    comment: r.status.comment,
  }));
  // Several From addresses: DMARC has no single domain to evaluate (mailauth answers false).
  const dmarcResult =
    dkimResult.headerFrom.length === 1
      ? await dmarc({
          headerFrom: dkimResult.headerFrom,
          spfDomains: spfResult && spfResult.status.result === 'pass' ? [spfResult.domain] : [],
          dkimDomains: (dkimResult.results ?? [])
            .filter((r) => r.status.result === 'pass')
            .map((r) => ({
              id: r.id,
              domain: r.signingDomain,
              aligned: r.status.aligned,
              underSized: r.status.underSized,
            })),
          arcResult,
          resolver,
        })
      : false;
  const arcEntry = arcResult.status.result === 'none' ? null : arcResult;
  return {
    fromHeaders,
    fromDomains,
    spf: spfResult ? { result: spfResult.status.result, domain: spfResult.domain } : null,
    dkim,
    arc: arcEntry
      ? {
          result: arcEntry.status.result,
          sealer: arcEntry.signature ? (arcEntry.signature.signingDomain ?? null) : null,
          dmarc: (arcEntry.authenticationResults?.dmarc?.result as string | undefined) ?? null,
        }
      : null,
    dmarc: dmarcResult ? { result: dmarcResult.status.result, policy: dmarcResult.policy ?? null } : null,
  };
}
