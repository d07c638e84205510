-- V1: the journal and order store as octane-routes created them before Flyway (db/schema.sql).
-- Portable SQL (H2 2.x and PostgreSQL 12+), so one file serves both. A database created by
-- that code (tables present, no flyway_schema_history) is baselined, not re-created: see
-- io.octaneroutes.journal.Schema. Never edit an applied migration: add a new version.
-- Times are epoch milliseconds (BIGINT): no time-zone ambiguity between databases.

CREATE TABLE octane_request (
    request_id    VARCHAR(64)   NOT NULL PRIMARY KEY,
    flow          VARCHAR(80)   NOT NULL,
    status        VARCHAR(20)   NOT NULL,
    intake        VARCHAR(10)   NOT NULL,
    params        VARCHAR(1000000) NOT NULL,
    state         VARCHAR(1000000),
    error_code    VARCHAR(40),
    error_message VARCHAR(2000),
    retry_at      BIGINT,
    created_at    BIGINT        NOT NULL,
    updated_at    BIGINT        NOT NULL
);
CREATE INDEX octane_request_status ON octane_request (status, retry_at);

CREATE TABLE octane_step (
    request_id    VARCHAR(64)   NOT NULL,
    step          VARCHAR(80)   NOT NULL,
    operation     VARCHAR(60)   NOT NULL,
    status        VARCHAR(12)   NOT NULL,
    attempts      INT           NOT NULL,
    result        VARCHAR(1000000),
    started_at    BIGINT        NOT NULL,
    finished_at   BIGINT,
    PRIMARY KEY (request_id, step)
);

-- Orders submitted to Octane and followed by the Quartz poller. The poller reads only
-- due rows (status = 'PENDING' AND next_poll_at <= now) through octane_order_due, so a
-- tick costs the same with 1k or 100k orders in flight.
CREATE TABLE octane_order (
    order_id      VARCHAR(40)   NOT NULL PRIMARY KEY,
    request_id    VARCHAR(64)   NOT NULL,
    status        VARCHAR(12)   NOT NULL,
    octane_status VARCHAR(30),
    error_message VARCHAR(2000),
    result        VARCHAR(1000000),
    submitted_at  BIGINT        NOT NULL,
    next_poll_at  BIGINT        NOT NULL,
    last_polled_at BIGINT,
    poll_count    INT           NOT NULL
);
CREATE INDEX octane_order_due ON octane_order (status, next_poll_at);
CREATE INDEX octane_order_request ON octane_order (request_id);
