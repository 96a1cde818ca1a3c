-- 014: API tokens expire and record their last use (issue 15; docs/server.md).
-- expires_at: ISO UTC time after which the token answers 401; NULL for a
-- token created before this migration (it keeps working until rotated or
-- revoked). last_used_at: the last authenticated request, kept to the minute.
ALTER TABLE api_tokens ADD COLUMN expires_at text;
ALTER TABLE api_tokens ADD COLUMN last_used_at text;
