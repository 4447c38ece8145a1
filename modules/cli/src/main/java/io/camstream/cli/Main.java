package io.camstream.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code camstream} command. */
@Command(name = "camstream",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Share a camera's live video over gRPC.",
        subcommands = {ServerCommand.class, ViewCommand.class, PublishCommand.class, SnapshotCommand.class,
                RecordCommand.class, EncodersCommand.class,
                SourcesCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /**
     * Jetty (the HTTP face) announces its version and every connector at INFO; the server prints its
     * own line for HTTP, so only Jetty's warnings are worth a user's attention. Held here because
     * java.util.logging keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

    public static void main(String[] args) {
        // One line per log record, not java.util.logging's default two.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        JETTY.setLevel(Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::reportBadInput);
    }

    /** A bad flag gets its specific message and a pointer to help, not the whole usage text. */
    private static int reportBadInput(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        command.getErr().println("see '" + command.getCommandSpec().qualifiedName() + " --help' for the options");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        // "camstream" alone: show what it can do.
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getModule().getDescriptor() != null
                    ? Main.class.getModule().getDescriptor().rawVersion().orElse("dev")
                    : "dev";
            return new String[] {"camstream " + version + " (Java " + Runtime.version() + ")"};
        }
    }
}
