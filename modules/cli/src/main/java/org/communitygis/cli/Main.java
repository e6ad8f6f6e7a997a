package org.communitygis.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ResourceBundle;
import org.communitygis.core.CgisException;
import org.communitygis.core.i18n.UserLocale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cgis} command: import, analyze, export, report, serve and demo.
 *
 * <p>Exit codes: 0 success, 1 a user error (bad input, missing layer), 2 invalid command-line usage,
 * 3 an unexpected internal error. The language of help and messages is chosen by {@code --lang} before
 * picocli parses anything, so that the usage help itself is localized.
 */
@Command(name = "cgis", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {ImportCommand.class, AnalyzeCommand.class, NetworkCommand.class, ExportCommand.class, ReportCommand.class,
            ServeCommand.class, DemoCommand.class, SampleDataCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a user error. */
    public static final int EXIT_USER_ERROR = 1;
    /** Exit code of an unexpected failure. */
    public static final int EXIT_INTERNAL_ERROR = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lang", scope = ScopeType.INHERIT, paramLabel = "zh|en")
    String lang;

    /**
     * The log stream of Apache Derby, which stores the embedded EPSG database of SIS: discarded, instead of a
     * {@code derby.log} file in the user's working folder. Derby reads the field by name.
     */
    public static final java.io.OutputStream DERBY_LOG = java.io.OutputStream.nullOutputStream();

    static {
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.field", Main.class.getName() + ".DERBY_LOG");
        }
    }

    private Console console;

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Locale locale;
        try {
            locale = languageFrom(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        UserLocale.set(locale);
        Main main = new Main();
        main.console = new Console(out, err);
        CliContext.set(main.console);
        CommandLine commandLine = new CommandLine(main);
        commandLine.setResourceBundle(ResourceBundle.getBundle("org.communitygis.cli.help", UserLocale.get(),
                Main.class.getClassLoader(), NO_FALLBACK));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> handle(main.console, exception));
        commandLine.setParameterExceptionHandler((exception, arguments) -> usageError(main.console, exception));
        return commandLine.execute(args);
    }

    static int handle(Console console, Exception exception) {
        CgisException userError = findUserError(exception);
        if (userError != null) {
            LOG.debug("User error", userError);
            console.error(userError.getLocalizedMessage());
            return EXIT_USER_ERROR;
        }
        LOG.error("Unexpected failure", exception);
        console.error(CliMessages.BUNDLE.format("console.internalError", String.valueOf(exception)));
        return EXIT_INTERNAL_ERROR;
    }

    /** Prints a command-line usage error in the user's language, with a pointer to the command's help. */
    static int usageError(Console console, CommandLine.ParameterException exception) {
        String detail;
        if (exception instanceof CommandLine.MissingParameterException missing) {
            detail = CliMessages.BUNDLE.format("usage.missing", String.join(", ", missing.getMissing().stream()
                    .map(arg -> arg instanceof CommandLine.Model.OptionSpec option ? option.longestName()
                            : arg.paramLabel())
                    .toList()));
        } else if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
            detail = CliMessages.BUNDLE.format("usage.unmatched", String.join(" ", unmatched.getUnmatched()));
        } else if (exception.getArgSpec() instanceof CommandLine.Model.OptionSpec option && exception.getValue() != null) {
            detail = CliMessages.BUNDLE.format("usage.invalidValue", option.longestName(), exception.getValue(),
                    option.paramLabel());
        } else {
            detail = CliMessages.BUNDLE.format("usage.invalid", exception.getMessage());
        }
        console.error(detail);
        console.err().println(CliMessages.BUNDLE.format("usage.helpHint",
                exception.getCommandLine().getCommandSpec().qualifiedName()));
        return CommandLine.ExitCode.USAGE;
    }

    private static CgisException findUserError(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof CgisException userError) {
                return userError;
            }
        }
        return null;
    }

    /** Returns the locale named by {@code --lang X} or {@code --lang=X}, else the system's. */
    static Locale languageFrom(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) {
                return UserLocale.parse(args[i + 1]);
            }
            if (args[i].startsWith("--lang=")) {
                return UserLocale.parse(args[i].substring("--lang=".length()));
            }
        }
        return UserLocale.fromSystem();
    }

    /** Returns the console of this run. */
    Console console() {
        return console;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"community-gis " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
