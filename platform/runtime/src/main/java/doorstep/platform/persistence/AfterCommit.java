package doorstep.platform.persistence;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that runs once the caller's transaction has committed, and never if it rolls back. */
public final class AfterCommit {

    private AfterCommit() {
    }

    /**
     * @param transactions the registry of the current (active) transaction
     * @param work         run on the committing thread after the commit; it must not throw
     * @throws IllegalStateException when no transaction is active
     */
    public static void run(TransactionSynchronizationRegistry transactions, Runnable work) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    work.run();
                }
            }
        });
    }
}
