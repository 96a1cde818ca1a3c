-- 005: API tokens of the server (docs/server.md). The token itself is shown
-- once at creation and never stored: only its SHA-256 (hex). A revoked token
-- keeps its row, with the time it was revoked.
CREATE TABLE api_tokens (
  name text NOT NULL PRIMARY KEY,
  role text NOT NULL,               -- admin | seller | buyer
  party text NOT NULL,              -- hospital code (seller), county code (buyer), '' (admin)
  token_hash text NOT NULL,
  created_at text NOT NULL,
  revoked_at text
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
