-- Voicemail detection on callbacks (issue 25): Twilio's answering machine detection on the party's leg of a callback
-- (<Number machineDetection amdStatusCallback>) says who answered; the attempt keeps it (human, machine_start,
-- machine_end_beep, machine_end_silence, machine_end_other, fax, unknown) so its outcome is "voicemail" when a
-- machine answered, and whether Baken hung up on the machine because the contact says leave no voicemail.
ALTER TABLE callback_calls ADD COLUMN answered_by TEXT COLLATE "C" CHECK (answered_by IS NULL OR length(answered_by) <= 40);
ALTER TABLE callback_calls ADD COLUMN machine_hangup INTEGER NOT NULL DEFAULT 0 CHECK (machine_hangup IN (0, 1));
