package io.taskcast.kafka.processor.replay;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;

/** Reports how far a replay is, in records of the log. */
public interface ReplayProgress extends AutoCloseable {

    ReplayProgress NONE = new ReplayProgress() {
        @Override
        public void advanceTo(long done) {
        }

        @Override
        public void close() {
        }
    };

    /** No output, for tests and scripts. */
    Factory SILENT = total -> NONE;

    void advanceTo(long done);

    @Override
    void close();

    /** Builds the reporter once the total is known. */
    @FunctionalInterface
    interface Factory {
        ReplayProgress start(long total);
    }

    /**
     * A progress bar with rate and ETA on {@code out}. Without a terminal (CI, a pipe) it prints a
     * whole line every few seconds instead of redrawing one with carriage returns, so logs stay
     * readable; JLine is then not involved at all.
     */
    static Factory bar(PrintStream out, boolean terminal) {
        return total -> {
            ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("replay").setInitialMax(total)
                    .setUnit(" rec", 1).showSpeed();
            if (!terminal) {
                builder.setConsumer(new DelegatingProgressBarConsumer(out::println, 100))
                        .setUpdateIntervalMillis(5_000);
            }
            ProgressBar bar = builder.build();
            return new ReplayProgress() {
                @Override
                public void advanceTo(long done) {
                    bar.stepTo(done);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }
}
