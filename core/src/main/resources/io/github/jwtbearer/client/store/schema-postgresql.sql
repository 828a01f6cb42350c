-- Tables of JdbcSharedTokenStore (JWT Bearer for Spring). Values are encrypted by the
-- caller; keys hold no token text.
CREATE TABLE IF NOT EXISTS jwt_bearer_token (
	token_key VARCHAR(512) NOT NULL PRIMARY KEY,
	token_value BYTEA NOT NULL,
	expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS jwt_bearer_token_expires_at_idx ON jwt_bearer_token (expires_at);

CREATE TABLE IF NOT EXISTS jwt_bearer_lease (
	lease_key VARCHAR(512) NOT NULL PRIMARY KEY,
	owner VARCHAR(512) NOT NULL,
	expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS jwt_bearer_lease_expires_at_idx ON jwt_bearer_lease (expires_at);
