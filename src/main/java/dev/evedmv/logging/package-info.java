/**
 * Logging that cannot be forged: the log patterns write messages and exception messages through
 * converters that show control characters as escapes ({@code \n}, or a backslash,
 * {@code u} and four hex digits), so that a value
 * from a request or an input file can never start a line of its own or put raw bytes in the log.
 */
package dev.evedmv.logging;
