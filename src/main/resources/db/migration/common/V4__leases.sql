-- Work shared by several instances (issue 13): the instance that runs a request holds its lease
-- (owner, expiry, kept alive by a heartbeat); a dead instance's leases expire and its requests
-- are taken over. The sweep reads expired leases through octane_request_lease.
ALTER TABLE octane_request ADD COLUMN lease_owner VARCHAR(120);
ALTER TABLE octane_request ADD COLUMN lease_until BIGINT;
CREATE INDEX octane_request_lease ON octane_request (lease_until);
