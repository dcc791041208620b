package io.rally.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the values of command-line options and checks them, each failure an
 * {@link IllegalArgumentException} whose message names the option, so that the user sees which
 * one was wrong. Shared by {@link BenchmarkOptions} and {@link AbuseOptions}. Stateless.
 */
final class OptionValues {

	private OptionValues() {
	}

	/** Accepts {@code 250ms}, {@code 30s}, {@code 2m}, or a bare number of seconds. */
	static Duration parseDuration(String name, String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			if (v.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			if (v.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(v));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: a duration such as 500ms, 30s or 2m)");
		}
	}

	/** The inverse of {@link #parseDuration} for the help text: {@code 30s} or {@code 250ms}. */
	static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	static int parseInt(String name, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: an integer)");
		}
	}

	/** The constant of {@code type} named {@code value}, in any case. */
	static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(value.trim())) {
				return constant;
			}
		}
		List<String> expected = new ArrayList<>();
		for (E constant : type.getEnumConstants()) {
			expected.add(id(constant));
		}
		throw new IllegalArgumentException(name + ": " + value + " (expected: " + String.join(", ", expected) + ")");
	}

	/** How a constant is spelled on the command line: in lower case. */
	static String id(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT);
	}

	/** JVM options only: anything else would be taken for the main class or its arguments. */
	static String jvmArg(String name, String value) {
		require(value.startsWith("-") && value.length() > 1,
				name + ": " + value + " (expected: a JVM option such as -Xmx2g)");
		return value;
	}

	static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
