package io.rally.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GETs of a service's actuator endpoints for tests, each on a connection of its own
 * ({@code Connection: close}). Probes and scrapes are read while a service drains, and a
 * pooled keep-alive connection that the test JVM's other servers left behind must not decide
 * what such a test sees: a request that gets no answer in time is sent again, on a new
 * connection, a few times before the test fails.
 */
public final class ActuatorHttp {

	private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

	private static final int ATTEMPTS = 3;

	private ActuatorHttp() {
	}

	/** What a GET returned. */
	public record Response(int statusCode, String body) {
	}

	/** GETs {@code http://127.0.0.1:port/path}; 4xx and 5xx are responses, not errors. */
	public static Response get(int port, String path) {
		URI uri = URI.create("http://127.0.0.1:" + port + path);
		SocketTimeoutException timedOut = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try {
				return attempt(uri);
			}
			catch (SocketTimeoutException ex) {
				timedOut = ex;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("GET " + uri + " failed", ex);
			}
		}
		throw new UncheckedIOException("GET " + uri + ": no answer in " + ATTEMPTS + " attempts of " + ATTEMPT_TIMEOUT,
				timedOut);
	}

	private static Response attempt(URI uri) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		connection.setConnectTimeout((int) ATTEMPT_TIMEOUT.toMillis());
		connection.setReadTimeout((int) ATTEMPT_TIMEOUT.toMillis());
		connection.setRequestProperty("Connection", "close");
		try {
			int status = connection.getResponseCode();
			InputStream body = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
			String text = (body != null) ? new String(body.readAllBytes(), StandardCharsets.UTF_8) : "";
			return new Response(status, text);
		}
		finally {
			connection.disconnect();
		}
	}

}
