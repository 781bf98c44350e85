-- Mail hardening: files encrypted at rest, and messages too large or too deep to show whole.

-- 1: the file is AES-256-GCM encrypted and named by a keyed hash of its content (the column keeps its old
-- name, sha256, and holds that file name); 0: a plaintext file from before, named by its sha256.
ALTER TABLE mail_attachments ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;

-- Why a message is not shown whole: 'html-too-large', 'html-too-deep' (its HTML was never sanitised; a text
-- rendering is shown), 'text-truncated' (the first 256 K characters are stored and indexed) or 'parse-limit'
-- (parsing went beyond the worker's time or memory limit; read from its headers). NULL: shown whole.
ALTER TABLE mail_messages ADD COLUMN display_limit TEXT;

-- The whole raw message, kept encrypted in the attachment store (its file name), for a message with a
-- display limit: "show whole message" downloads it.
ALTER TABLE mail_messages ADD COLUMN source_file TEXT;
