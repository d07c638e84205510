-- V7: the file drop's read lock, shared by every instance that reads one intake folder
-- (routes/intake-file.camel.yaml, io.octaneroutes.intake.FileLocks, a camel-sql
-- JdbcOrphanLockAwareIdempotentRepository). One row per file being taken: the instance that
-- holds it refreshes createdAt (a heartbeat, every third of intake.file.lock-max-age) until the
-- file is in done/ or error/, then deletes the row. A row whose createdAt is older than the max
-- age belongs to an instance that died mid-file: another instance takes the file over.
-- The columns are the ones camel-sql's queries name (processorName, messageId, createdAt);
-- messageId is the file's name (names up to 245 bytes are read: at most 245 characters).
-- createdAt WITH TIME ZONE: written from each instance's clock as a java.sql.Timestamp, it must
-- mean the same instant whatever the instance's time zone.
CREATE TABLE octane_file_lock (
    processorName VARCHAR(255)             NOT NULL,
    messageId     VARCHAR(255)             NOT NULL,
    createdAt     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

-- One row, locked (SELECT ... FOR UPDATE) by every attempt to take a file: the attempts of all
-- instances are decided one after the other (FileLocks explains why camel-sql's own check is not
-- enough when two instances race for one file).
CREATE TABLE octane_file_lock_guard (
    id INT NOT NULL PRIMARY KEY
);
INSERT INTO octane_file_lock_guard (id) VALUES (1);
