package doorstep.platform.persistence;

import java.sql.SQLException;

/** Recognises PostgreSQL's unique-key violation (SQLState 23505) of a named constraint anywhere in a cause chain. */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static boolean of(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) { // a batch reports its rows' errors as next exceptions
                    if (UNIQUE_VIOLATION.equals(s.getSQLState()) && String.valueOf(s.getMessage()).contains(constraint)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
