package io.octaneroutes.intake;

import java.sql.Timestamp;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The file drop's read lock (issue 13): Camel's {@code readLock=idempotent-changed} on this
 * repository, camel-sql's {@link JdbcOrphanLockAwareIdempotentRepository} on the application's
 * database (table {@value #TABLE}, Flyway's V7). Several instances reading one folder (a network
 * volume) take each file exactly once: the instance that inserted the file's row holds it, and
 * keeps its {@code createdAt} fresh every third of the lock's max age (camel-sql's keep-alive)
 * until the file is in {@code done/} or {@code error/} and the row is deleted. A row older than the
 * max age is an orphan, left by an instance that died with the file half-taken: another instance
 * takes the file over.
 *
 * <p>What this class adds to camel-sql's, and why (checked in camel-sql 4.18.0's source):
 * <ul>
 * <li><b>One decision at a time.</b> camel-sql decides in two statements (count the fresh rows,
 * then insert, or, when a row exists, update its {@code createdAt} unconditionally: its takeover).
 * Two instances that see the same orphan both "take it over", and an instance whose count ran just
 * before a peer's insert committed updates the peer's live row and takes the file too. Here every
 * attempt first locks the one row of {@code octane_file_lock_guard} ({@code SELECT ... FOR UPDATE},
 * portable to H2 and PostgreSQL), so the attempts of all instances are decided one after the other;
 * an attempt holds it for a few milliseconds.</li>
 * <li><b>A taken-over lock is kept alive.</b> camel-sql's takeover path does not register the key
 * for its keep-alive, so a file taken over would look orphaned again one max age later. Here an
 * orphan's row is deleted and the key inserted anew, through camel-sql's own insert, which
 * registers it.</li>
 * </ul>
 *
 * <p>The key is the file's name ({@code idempotentKey: ${file:onlyname}} in the route), not its
 * absolute path: instances may mount the shared folder at different paths. {@code createdAt} is
 * each instance's own clock; with {@code cluster.enabled} the clocks are within
 * {@code cluster.max-clock-skew} of the database's, far below the max age.
 *
 * <p>The single-instance default (embedded H2) uses the same repository on H2: one code path,
 * tested on both databases, and a file half-taken when the process was killed is picked up after
 * its restart once the max age has passed (its row is an orphan of the earlier life).
 */
public class FileLocks extends JdbcOrphanLockAwareIdempotentRepository {
    public static final String TABLE = "octane_file_lock";
    /** camel-sql's processorName column: one folder per deployment, so one name. */
    public static final String PROCESSOR = "intake-file";

    public FileLocks(DataSource dataSource, CamelContext context, Duration maxAge) {
        super(dataSource, PROCESSOR, context);
        setTableName(TABLE);
        // the table is Flyway's (V7__file_lock.sql), never created by camel-sql
        setCreateTableIfNotExists(false);
        setLockMaxAgeMillis(maxAge.toMillis());
        setLockKeepAliveIntervalMillis(maxAge.toMillis() / 3);
    }

    /** Takes the file named {@code key}: true when this instance now holds it. */
    @Override
    public boolean add(String key) {
        try {
            return Boolean.TRUE.equals(transactionTemplate.execute(status -> {
                jdbcTemplate.queryForObject("SELECT id FROM octane_file_lock_guard WHERE id = 1 FOR UPDATE", Integer.class);
                Timestamp orphanedBefore = new Timestamp(System.currentTimeMillis() - getLockMaxAgeMillis());
                int orphans = jdbcTemplate.update("DELETE FROM " + TABLE + " WHERE processorName = ? AND messageId = ? AND createdAt < ?",
                        processorName, key, orphanedBefore);
                if (orphans > 0) {
                    log.info("intake file {} was half-taken by an instance that stopped (no heartbeat for {} ms): taken over",
                            Reasons.clip(key).replaceAll("\\p{Cf}", "?"), getLockMaxAgeMillis());
                }
                Integer held = jdbcTemplate.queryForObject(getQueryString(), Integer.class, processorName, key);
                if (held != null && held > 0) {
                    return false; // another instance is taking it
                }
                insert(key); // camel-sql's: no row, so it inserts one and keeps it alive
                return true;
            }));
        } catch (DataIntegrityViolationException e) {
            return false; // the primary key refused a second row for the file: another instance has it
        }
    }
}
