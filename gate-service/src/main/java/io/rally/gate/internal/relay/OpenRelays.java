package io.rally.gate.internal.relay;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;

/**
 * The relays open to each backend, so that a redirect can close them (see {@link
 * io.rally.gate.api.relay.BackendRedirects}). A relay is known under its backend's
 * {@code host:port} and, if discovered, its instance id, and forgotten when its client closes;
 * a backend without relays has no entry. Thread-safe.
 */
public final class OpenRelays {

	private final Map<String, Set<Relay>> byBackend = new ConcurrentHashMap<>();

	private final GateMetrics metrics;

	public OpenRelays(GateMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Closes both sides of every relay open to {@code backendId} (an instance id or
	 * {@code host:port}), counting each as drained.
	 * @return how many relays were closed
	 */
	public int drain(String backendId) {
		Set<Relay> relays = this.byBackend.get(backendId);
		if (relays == null) {
			return 0;
		}
		int drained = 0;
		for (Relay relay : relays) {
			if (drain(relay)) {
				drained++;
			}
		}
		return drained;
	}

	/** How many relays are open to {@code backendId}. */
	public int count(String backendId) {
		Set<Relay> relays = this.byBackend.get(backendId);
		return (relays != null) ? relays.size() : 0;
	}

	Relay add(Backend backend, Channel client, Channel backendChannel, String transport) {
		Relay relay = new Relay(client, backendChannel, transport);
		add(backend.address(), relay);
		if (backend.instanceId() != null) {
			add(backend.instanceId(), relay);
		}
		return relay;
	}

	private void add(String key, Relay relay) {
		this.byBackend.compute(key, (k, relays) -> {
			Set<Relay> set = (relays != null) ? relays : ConcurrentHashMap.newKeySet();
			set.add(relay);
			return set;
		});
		// Added after the entry exists, so a client closed already is removed at once.
		relay.client.closeFuture().addListener((closed) -> remove(key, relay));
	}

	private void remove(String key, Relay relay) {
		this.byBackend.computeIfPresent(key, (k, relays) -> {
			relays.remove(relay);
			return relays.isEmpty() ? null : relays;
		});
	}

	/** Closes both sides of {@code relay} unless it was drained before; answers whether this call did. */
	boolean drain(Relay relay) {
		if (!relay.drained.compareAndSet(false, true) || !relay.client.isOpen()) {
			return false;
		}
		this.metrics.relayDrained(relay.transport);
		Channel client = relay.client;
		CloseReason.DRAINED.record(client);
		client.eventLoop().execute(() -> {
			if (client.pipeline().get(GatePipeline.RELAY_WS_BRIDGE) instanceof WsFrameBridge bridge
					&& bridge.isUpgraded() && client.isActive()) {
				// 1001: the endpoint is going away, so the client knows to reconnect.
				client.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE))
					.addListener(ChannelFutureListener.CLOSE);
			}
			else {
				client.close();
			}
			relay.backend.close();
		});
		return true;
	}

	/** One relay: its two channels and the client side's metric tag. */
	static final class Relay {

		private final Channel client;

		private final Channel backend;

		private final String transport;

		private final AtomicBoolean drained = new AtomicBoolean();

		private Relay(Channel client, Channel backend, String transport) {
			this.client = client;
			this.backend = backend;
			this.transport = transport;
		}

	}

}
