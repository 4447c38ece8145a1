package io.camstream.cli;

import io.camstream.server.auth.AuthFile;
import io.camstream.server.auth.Role;
import io.camstream.server.auth.Tokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code camstream token}: a fresh random token, shown once, and the auth-file line that admits it. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Make a random access token. Prints the token (give it to the client, e.g. in a file for "
                + "--token-file; it is not shown again) and the line to add to the server's --auth-file, "
                + "which holds only the token's SHA-256.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "Who the token is for, as refusals and logs name it: 1-64 letters, digits, '.', '_', "
                    + "'@' or '-'.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "view (Subscribe, Snapshot, Describe), publish (Publish, and view) or admin (everything).")
    String role;

    @Option(names = "--camera", paramLabel = "NAME", split = ",",
            description = "A camera the token may touch; repeat or separate with commas. Default: every camera.")
    List<String> cameras = List.of();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Write the token to this new file (readable by its owner only) instead of printing it, "
                    + "and print only the auth-file line: `camstream token ... --token-file alice.token >> auth.txt`.")
    Path tokenFile;

    @Override
    public Integer call() throws IOException {
        Role parsedRole;
        try {
            parsedRole = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--role: " + e.getMessage());
        }
        String token = Tokens.generate();
        String line;
        try {
            // The same rules the server applies when it reads the file: a line printed here always loads.
            line = AuthFile.line(token, name, parsedRole, cameras);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (tokenFile != null) {
            write(token);
            spec.commandLine().getErr().println("camstream token: the token for '" + name + "' is in " + tokenFile
                    + "; the line below goes into the server's --auth-file");
            out.println(line);
            out.flush();
            return 0;
        }
        out.println("token (shown only now; store it, e.g. in a file for --token-file):");
        out.println(token);
        out.println("auth-file line (the token's SHA-256; append it to the server's --auth-file):");
        out.println(line);
        out.flush();
        return 0;
    }

    /** Creates the file owner-only before the token goes in, so it is never readable by others, even briefly. */
    private void write(String token) throws IOException {
        try {
            Files.createFile(tokenFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), "--token-file: " + tokenFile
                    + " exists; a token file is never overwritten (its token may still be in use)");
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own protection applies.
            Files.createFile(tokenFile);
        }
        Files.writeString(tokenFile, token + System.lineSeparator());
    }
}
