-- Who really sent a mail (issue 21): the verdict of the SPF, DKIM, DMARC and ARC checks made at intake
-- (src/email/inbound/sender-check.ts, rules in src/email/inbound/sender-auth.ts). NULL on messages stored before this check and on
-- outgoing mail.

-- 'verified' (the From domain is authenticated), 'unverified' (could not be verified: no signature or policy,
-- DNS unreachable, SPF not checkable over IMAP …) or 'failed' (a signature or policy check failed).
ALTER TABLE mail_messages ADD COLUMN auth_verdict TEXT;
-- The From domain the verdict is about (a domain, never an address).
ALTER TABLE mail_messages ADD COLUMN auth_domain TEXT;
-- The results per method and the reason, as JSON: {"reason":"dmarc-fail","spf":"pass","dkim":"fail",…}.
ALTER TABLE mail_messages ADD COLUMN auth_details TEXT;

-- The contact's mark in the inbox: the least trusted verdict of the mail its party sent ('refused' = failed DMARC
-- for a domain whose policy is reject or quarantine: no acknowledgement, no joining a thread by reference).
ALTER TABLE contacts ADD COLUMN sender_auth TEXT;
