/**
 * The {@code eve-dmv} command line (picocli): one class per command, each given a
 * {@link dev.evedmv.cli.CliContext} with the environment, output streams and the way to the
 * database. Errors end a command with one line and a non-zero exit code.
 */
package dev.evedmv.cli;
