package io.rally.gate.api.relay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Moves the clients of one transparent backend to another, to drain it: once {@code from} is
 * redirected, a client naming {@code from} is dialled to {@code to} (which must still be
 * allowed, see {@link BackendResolver#allowed}), and every relay open to {@code from} is
 * closed so that its clients reconnect and land on {@code to}. Backends are named as the
 * gate's latency tracker names them: a discovered instance by its id, any backend by its
 * {@code host:port}. A redirect is followed once, never chained, so two redirects
 * cannot send clients around in a loop. Thread-safe.
 */
public final class BackendRedirects {

	private final Map<String, String> targets = new ConcurrentHashMap<>();

	private final ToIntFunction<String> drainer;

	/** Redirects that close no open relays: for new clients only. */
	public BackendRedirects() {
		this((backendId) -> 0);
	}

	/**
	 * @param drainer closes every relay open to the backend it is given, by id or address,
	 * and answers how many it closed
	 */
	public BackendRedirects(ToIntFunction<String> drainer) {
		this.drainer = drainer;
	}

	/**
	 * Sends new clients of {@code fromBackend} to {@code toBackend} and closes the relays open
	 * to {@code fromBackend}; replaces an earlier redirect of {@code fromBackend}.
	 * @param fromBackend an instance id or {@code host:port}
	 * @param toBackend an instance id or {@code host:port}
	 * @return how many open relays were closed
	 * @throws IllegalArgumentException if a name is empty or a malformed address, or both name
	 * the same backend
	 */
	public int redirect(String fromBackend, String toBackend) {
		String from = normalize("fromBackend", fromBackend);
		String to = normalize("toBackend", toBackend);
		if (from.equals(to)) {
			throw new IllegalArgumentException("toBackend: '" + to + "' (expected: another backend than fromBackend)");
		}
		// Set before draining: a relay that starts meanwhile sees the redirect and drains itself.
		this.targets.put(from, to);
		return this.drainer.applyAsInt(from);
	}

	/** Lets new clients of {@code fromBackend} reach it again; relays already moved stay where they are. */
	public void clearRedirect(String fromBackend) {
		this.targets.remove(normalize("fromBackend", fromBackend));
	}

	/** Where clients of {@code backend} go instead, or {@code null} if it is not redirected. */
	public String targetOf(Backend backend) {
		if (this.targets.isEmpty()) {
			return null;
		}
		String target = (backend.instanceId() != null) ? this.targets.get(backend.instanceId()) : null;
		return (target != null) ? target : this.targets.get(backend.address());
	}

	/** The redirects in force, from backend to backend. */
	public Map<String, String> redirects() {
		return Map.copyOf(this.targets);
	}

	private static String normalize(String name, String backend) {
		String trimmed = (backend != null) ? backend.trim() : "";
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException(name + ": empty (expected: an instance id or host:port)");
		}
		// One spelling per address, so that "[::1]:7000" and a Backend's address() match.
		return (trimmed.indexOf(':') >= 0) ? Backend.parse(trimmed).address() : trimmed;
	}

}
