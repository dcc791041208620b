package io.rally.gate.internal.relay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.BackendResolver;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The gate's {@link BackendResolver}, configured by {@code rally.gate.relay.*}. A request is
 * one of
 * <ul>
 * <li>{@code host:port};</li>
 * <li>a registered instance id;</li>
 * <li>a signed token (three base64url parts joined by dots) whose backend claim is one of the
 * two above.</li>
 * </ul>
 * A backend is allowed if the {@link BackendAllowList} admits it, or if it is (the endpoint
 * of) a discovered instance: an instance of the configured kinds and groups, taking new
 * traffic, with a {@code host:port} relay endpoint ({@link InstanceInfo#relayEndpoint()}),
 * which is what is dialled. An instance's registered (link) endpoint is never a backend: an
 * instance that advertises no relay endpoint is not offered at all. Discovered instances are followed through
 * {@link InstanceRegistry#watch}, so resolving never waits on the registry. With an empty
 * allow-list and no discovery kinds nothing is allowed. Thread-safe; close it to stop
 * following the registry.
 */
public final class DefaultBackendResolver implements BackendResolver, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DefaultBackendResolver.class);

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_=-]+\\.[A-Za-z0-9_=-]+\\.[A-Za-z0-9_=-]+");

	private final BackendAllowList allowList;

	private final RelayTokenVerifier tokens;

	private final boolean tokenRequired;

	private final Set<String> groups;

	/** Per watched kind, the usable instances by id; replaced whole on every change. */
	private final Map<InstanceKind, Map<String, Backend>> discovered = new ConcurrentHashMap<>();

	private final List<AutoCloseable> watches = new ArrayList<>();

	/**
	 * @param allowList the allow-listed backends
	 * @param tokens the token verifier; one without keys refuses every token
	 * @param tokenRequired whether plain addresses and instance ids are refused
	 * @param registry where instances are discovered; {@code null} when {@code kinds} is empty
	 * @param kinds the kinds of instance that are backends; empty turns discovery off
	 * @param groups the groups of instance that are backends; empty for any
	 */
	public DefaultBackendResolver(BackendAllowList allowList, RelayTokenVerifier tokens, boolean tokenRequired,
			InstanceRegistry registry, Set<InstanceKind> kinds, Set<String> groups) {
		this.allowList = allowList;
		this.tokens = tokens;
		this.tokenRequired = tokenRequired;
		this.groups = Set.copyOf(groups);
		if (!kinds.isEmpty() && registry == null) {
			throw new IllegalArgumentException("registry: null (expected: one, to discover " + kinds + ")");
		}
		for (InstanceKind kind : kinds) {
			this.discovered.put(kind, Map.of());
			this.watches.add(registry.watch(kind, (instances) -> this.discovered.put(kind, usable(instances))));
		}
		if (allowList.isEmpty() && kinds.isEmpty()) {
			logger.warn("The transparent gate has no allowed backends and no discovery: it refuses every client."
					+ " Set rally.gate.relay.allowed-backends or rally.gate.relay.discovery.kinds");
		}
	}

	@Override
	public Backend resolve(String request) throws RelayRefusedException {
		String name = request.trim();
		if (isToken(name)) {
			name = this.tokens.verify(name);
		}
		else if (this.tokenRequired) {
			throw new RelayRefusedException(RelayRefusal.TOKEN_REQUIRED, "a token is required, got a plain name");
		}
		return allowed(name);
	}

	@Override
	public Backend allowed(String name) throws RelayRefusedException {
		Backend backend = (name.indexOf(':') >= 0) ? byAddress(name) : byInstanceId(name);
		if (backend == null) {
			throw new RelayRefusedException(RelayRefusal.NOT_ALLOWED, "backend '" + name + "' is not allowed");
		}
		return backend;
	}

	private static boolean isToken(String name) {
		return name.indexOf(':') < 0 && TOKEN.matcher(name).matches();
	}

	private Backend byAddress(String address) throws RelayRefusedException {
		Backend backend;
		try {
			backend = Backend.parse(address);
		}
		catch (IllegalArgumentException ex) {
			throw new RelayRefusedException(RelayRefusal.MALFORMED, ex.getMessage());
		}
		if (this.allowList.allows(backend)) {
			return backend;
		}
		for (Map<String, Backend> instances : this.discovered.values()) {
			for (Backend instance : instances.values()) {
				if (instance.host().equalsIgnoreCase(backend.host()) && instance.port() == backend.port()) {
					return instance;
				}
			}
		}
		return null;
	}

	private Backend byInstanceId(String id) {
		for (Map<String, Backend> instances : this.discovered.values()) {
			Backend instance = instances.get(id);
			if (instance != null) {
				return instance;
			}
		}
		return null;
	}

	private Map<String, Backend> usable(List<InstanceInfo> instances) {
		Map<String, Backend> usable = new HashMap<>();
		for (InstanceInfo instance : instances) {
			if (!instance.state().acceptsNewTraffic()
					|| (!this.groups.isEmpty() && !this.groups.contains(instance.group()))) {
				continue;
			}
			if (instance.relayEndpoint() == null) {
				// Its endpoint is the link port of the cluster, never a player's to reach.
				continue;
			}
			try {
				usable.put(instance.id(), Backend.parse(instance.relayEndpoint()).withInstanceId(instance.id()));
			}
			catch (IllegalArgumentException ex) {
				// Not host:port, nothing anyone can dial.
			}
		}
		return Map.copyOf(usable);
	}

	@Override
	public void close() {
		for (AutoCloseable watch : this.watches) {
			try {
				watch.close();
			}
			catch (Exception ex) {
				logger.warn("Could not close the registry watch: " + ex);
			}
		}
		this.watches.clear();
	}

}
