package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

class CliBasicsTest {
    private final Locale saved = UserLocale.get();

    @AfterEach
    void restore() {
        UserLocale.set(saved);
    }

    @Test
    void messageBundleComplete() {
        BundleAssert.assertComplete(CliMessages.BUNDLE);
    }

    @Test
    void helpBundleSameKeys() {
        Set<String> zh = new TreeSet<>(ResourceBundle.getBundle("org.communitygis.cli.help", Locale.SIMPLIFIED_CHINESE).keySet());
        Set<String> en = new TreeSet<>(ResourceBundle.getBundle("org.communitygis.cli.help", Locale.ENGLISH).keySet());
        assertThat(zh).isEqualTo(en);
    }

    @Test
    void helpChineseByDefaultFlag() {
        CliRun run = CliRun.of("--lang", "zh", "--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("用法").contains("import").contains("demo").contains("界面语言");
    }

    @Test
    void helpEnglish() {
        CliRun run = CliRun.of("--lang=en", "analyze", "coverage", "--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Usage:").contains("--buffer-m").contains("straight distance (m)");
    }

    @Test
    void everyOptionHasDescription() {
        for (Locale locale : new Locale[] {UserLocale.CHINESE, UserLocale.ENGLISH}) {
            CommandLine root = new CommandLine(new Main());
            root.setResourceBundle(ResourceBundle.getBundle("org.communitygis.cli.help", locale));
            assertDescribed(root, locale);
        }
    }

    private static void assertDescribed(CommandLine command, Locale locale) {
        CommandSpec spec = command.getCommandSpec();
        String where = locale + " " + spec.qualifiedName();
        assertThat(String.join("", spec.usageMessage().description())).as(where).isNotBlank();
        for (OptionSpec option : spec.options()) {
            assertThat(String.join("", option.description())).as(where + " " + option.longestName()).isNotBlank();
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            assertThat(String.join("", parameter.description())).as(where + " " + parameter.paramLabel()).isNotBlank();
        }
        command.getSubcommands().values().forEach(sub -> assertDescribed(sub, locale));
    }

    @Test
    void helpListsSampleData() {
        CliRun run = CliRun.of("--lang", "en", "--help");
        CliRun sample = CliRun.of("--lang", "en", "sample-data", "--help");

        assertThat(run.out).as(run.toString()).contains("sample-data");
        assertThat(sample.out).as(sample.toString()).contains("--communities").contains("report --projects");
    }

    @Test
    void sampleCommunitiesNeedOut(@TempDir Path dir) {
        CliRun run = CliRun.of("--lang", "en", "sample-data", "--communities", "2");
        CliRun zero = CliRun.of("--lang", "en", "sample-data", "--communities", "0", "--out", dir.toString());

        assertThat(run.exitCode).as(run.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err).contains("--communities 2").contains("--out");
        assertThat(zero.exitCode).as(zero.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(zero.err).contains("--communities 0");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void unknownLanguageIsUsageError() {
        CliRun run = CliRun.of("--lang", "fr", "--help");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("zh");
    }

    @Test
    void missingProjectOptionIsUsageError() {
        CliRun run = CliRun.of("--lang", "en", "analyze", "drainage");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--project");
    }
}
