-- Bounds on automatic loops (issue 11): how often a request was parked to resume by itself
-- (octane.retry.max-parks), and how many answers in a row to an order's read could not be
-- read (octane.poll.max-unreadable).
ALTER TABLE octane_request ADD COLUMN park_count INT DEFAULT 0 NOT NULL;
ALTER TABLE octane_order ADD COLUMN unreadable_count INT DEFAULT 0 NOT NULL;
