package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.communitygis.core.i18n.UserLocale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private Locale previous;

    @BeforeEach
    void english() {
        previous = UserLocale.get();
        UserLocale.set(UserLocale.ENGLISH);
    }

    @AfterEach
    void restore() {
        UserLocale.set(previous);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logModePrintsCountAndEta() {
        ConsoleProgress progress = new ConsoleProgress(err, false, now::get);
        progress.begin("Batch", 8);
        now.addAndGet(4 * SECOND);
        progress.worked(1);
        progress.worked(2);
        now.addAndGet(4 * SECOND);
        progress.worked(4);
        progress.end();

        String[] lines = output().split("\n");
        assertThat(lines).containsExactly("  0% 0/8 Batch", " 25% 2/8 Batch · about 0:12 left",
                " 50% 4/8 Batch · about 0:08 left", "100% 8/8 Batch");
    }

    @Test
    void logModePrintsRealPercentOfFive() {
        ConsoleProgress progress = new ConsoleProgress(err, false, now::get);
        progress.begin("Batch", 5);
        for (int done = 1; done <= 5; done++) {
            progress.worked(done);
        }
        progress.end();

        String[] lines = output().split("\n");
        assertThat(lines).containsExactly("  0% 0/5 Batch", " 40% 2/5 Batch", " 60% 3/5 Batch", " 80% 4/5 Batch",
                "100% 5/5 Batch");
    }

    @Test
    void logModeWithoutTotalHasNoCount() {
        ConsoleProgress progress = new ConsoleProgress(err, false, now::get);
        progress.begin("Fill", 0);
        progress.end();

        assertThat(output()).isEqualTo("  0% Fill\n");
    }

    @Test
    void terminalRedrawsCountAndEta() {
        ConsoleProgress progress = new ConsoleProgress(err, true, now::get);
        progress.begin("Batch", 1000);
        now.addAndGet(90 * SECOND);
        progress.worked(250);
        now.addAndGet(10_000_000L);
        progress.worked(251);

        String text = output();
        assertThat(text).startsWith("\r[------------------------]   0% 0/1000 Batch");
        assertThat(text).contains("\r[######------------------]  25% 250/1000 Batch · about 4:30 left");
        assertThat(text).doesNotContain("251/1000");
    }

    @Test
    void durationsOverAnHourShowHours() {
        assertThat(ConsoleProgress.duration(59)).isEqualTo("0:59");
        assertThat(ConsoleProgress.duration(3 * 3600 + 5 * 60 + 7)).isEqualTo("3:05:07");
    }
}
