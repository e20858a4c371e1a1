package dev.evedmv.db;

/**
 * Told, as a line for a person, each slow step of opening the database (preparing and starting
 * the embedded server, migrating the schema), so that a command does not sit silent for a minute.
 * Commands print them on their error stream; services and tests pass {@link #NONE}.
 */
@FunctionalInterface
public interface StartupSteps {
    void step(String message);

    StartupSteps NONE = message -> { };
}
