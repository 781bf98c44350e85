-- Issue 27: the twin of postgres/0031_byte_order_text.sql, which gives every text column of PostgreSQL byte order
-- (COLLATE "C") whatever the database's own collation. SQLite compares text by its bytes already (BINARY):
-- nothing to change here.
SELECT 1;
