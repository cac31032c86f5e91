package dev.strata.example.demo;

/** A command line that does not parse, or a request for {@code --help}. */
public final class UsageException extends Exception {

    private final boolean helpRequested;

    public UsageException(String message) {
        this(message, false);
    }

    private UsageException(String message, boolean helpRequested) {
        super(message);
        this.helpRequested = helpRequested;
    }

    static UsageException help() {
        return new UsageException("help requested", true);
    }

    /** True for {@code --help}: print the usage and exit 0. */
    public boolean helpRequested() {
        return helpRequested;
    }
}
