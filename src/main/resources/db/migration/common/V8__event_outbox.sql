-- V8 (issue 15): octane_event is also the events' outbox. A step's events are written in the
-- step's own transaction with relay_owner set to the instance that wrote them; that instance's
-- EventRelay publishes them in batches (the JMS topic and the events folder) and clears
-- relay_owner. NULL: published (every row written before this version was published when it
-- was written). relay_since: when relay_owner got the row (its writing, or its takeover). A row
-- its owner has held pending longer than flows.lease is taken over by another instance
-- (io.octaneroutes.events.EventRelay); the takeover sets relay_since again, so a row just
-- taken over does not look abandoned to a third instance.
ALTER TABLE octane_event ADD COLUMN relay_owner VARCHAR(160);
ALTER TABLE octane_event ADD COLUMN relay_since BIGINT;
CREATE INDEX octane_event_relay ON octane_event (relay_owner, seq);
