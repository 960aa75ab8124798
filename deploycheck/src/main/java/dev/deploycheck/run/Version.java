package dev.deploycheck.run;

/** The tool's name and version, from the jar manifest when packaged. */
public final class Version {
    private Version() {}

    public static String number() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    public static String text() {
        return "deploycheck " + number();
    }
}
