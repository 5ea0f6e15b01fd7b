-- Rate limits shared by every API replica (internal/service/sharedlimit.go): how many
-- events a client address (or another key) used in its current window, per limit
-- ("lookup", "registration"). A replica claims a few of the window's events at a time and
-- spends them from memory, so most requests cost no round trip, and the replicas together
-- never allow more than the limit.
--
-- UNLOGGED: no WAL, so no write traffic to the replicas and nothing to replay; a crash of
-- PostgreSQL empties the table, which at worst restarts every address's window. Rows of
-- windows long past are deleted by the replicas now and then.
CREATE UNLOGGED TABLE rate_limits (
	scope        text        NOT NULL,
	key          text        NOT NULL,
	window_start timestamptz NOT NULL,
	used         integer     NOT NULL,
	PRIMARY KEY (scope, key)
);

CREATE INDEX rate_limits_window ON rate_limits (window_start);
