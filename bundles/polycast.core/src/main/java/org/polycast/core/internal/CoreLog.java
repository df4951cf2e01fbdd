package org.polycast.core.internal;

/** The little logging the core needs; backed by the OSGi Log Service at run time and silent in unit tests. */
interface CoreLog {
    void info(String message);

    void warn(String message);

    void error(String message, Throwable cause);

    CoreLog SILENT = new CoreLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message, Throwable cause) {
        }
    };
}
