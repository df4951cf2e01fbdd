package org.polycast.core.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls into one technology on a thread of its own, one at a time and in order, so that a
 * technology that hangs or throws cannot block the caller or any other technology. A call that
 * overruns the time limit leaves the guard "stuck" until it returns; callers see that at once.
 */
final class Guard {
    /** A guarded call failed, timed out, or was refused. */
    static final class CallFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final BlockingQueue<Runnable> queue;
    private final Thread worker;
    private volatile boolean closed;
    private volatile long busySince;
    private volatile String currentOperation;

    Guard(String threadName, int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.worker = new Thread(this::run, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    private void run() {
        while (!closed) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            busySince = System.nanoTime();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // Tasks report their own failures; this only keeps the worker alive.
            } finally {
                busySince = 0;
                currentOperation = null;
            }
        }
    }

    /** True if the current call has run longer than {@code timeoutMillis}. */
    boolean isStuck(long timeoutMillis) {
        long since = busySince;
        return since != 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** The operation running now, for failure reports. */
    String currentOperation() {
        return currentOperation;
    }

    /** A queued call with its result, so that closing can fail it at once instead of leaving its caller to time out. */
    private final class Call<T> implements Runnable {
        final String operation;
        final Callable<T> call;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Call(String operation, Callable<T> call) {
            this.operation = operation;
            this.call = call;
        }

        @Override
        public void run() {
            currentOperation = operation;
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    /** Queues a call; the future completes with its result or failure. */
    <T> CompletableFuture<T> submit(String operation, Callable<T> call) {
        Call<T> task = new Call<>(operation, call);
        if (closed || !queue.offer(task)) {
            task.result.completeExceptionally(new IllegalStateException(closed ? "interface closed" : "call queue full"));
        }
        return task.result;
    }

    /**
     * Queues a call, waiting up to {@code timeoutMillis} for room: back-pressure for a busy
     * technology, but a bounded wait for a hung one.
     */
    boolean offer(Runnable task, long timeoutMillis) throws InterruptedException {
        return !closed && queue.offer(task, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Calls and waits up to {@code timeoutMillis}. */
    <T> T call(String operation, Callable<T> call, long timeoutMillis) throws CallFailedException {
        return await(operation, submit(operation, call), timeoutMillis);
    }

    /** Waits for a submitted call, turning every kind of failure into one checked exception. */
    static <T> T await(String operation, CompletableFuture<T> future, long timeoutMillis) throws CallFailedException {
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CallFailedException(operation + " did not return within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CallFailedException(cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : ""), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailedException(operation + " interrupted", e);
        }
    }

    int queued() {
        return queue.size();
    }

    /** Stops the worker; calls still queued fail at once ("interface closed"). A worker stuck in a call ends when the call returns. */
    void close() {
        closed = true;
        java.util.List<Runnable> dropped = new java.util.ArrayList<>();
        queue.drainTo(dropped);
        for (Runnable r : dropped) {
            if (r instanceof Call<?> c) {
                c.result.completeExceptionally(new IllegalStateException("interface closed"));
            }
        }
        worker.interrupt();
    }

    /** For leak checks in tests. */
    Thread thread() {
        return worker;
    }
}
