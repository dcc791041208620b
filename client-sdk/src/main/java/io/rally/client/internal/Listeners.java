package io.rally.client.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.rally.client.CloseEvent;
import io.rally.client.Registration;
import io.rally.protocol.Packet;

/**
 * The listeners registered on a client. Registration is thread-safe and rare; firing is
 * frequent and takes no lock. A listener that throws is logged and does not stop the others.
 */
public final class Listeners {

	private static final InternalLogger logger = InternalLoggerFactory.getInstance(Listeners.class);

	private final ConcurrentHashMap<Integer, List<Consumer<Packet>>> pushByRoute = new ConcurrentHashMap<>();

	private final List<Consumer<Packet>> anyPush = new CopyOnWriteArrayList<>();

	private final List<Consumer<CloseEvent>> close = new CopyOnWriteArrayList<>();

	private final List<Runnable> reconnect = new CopyOnWriteArrayList<>();

	public Registration onPush(int route, Consumer<Packet> listener) {
		List<Consumer<Packet>> listeners = this.pushByRoute.computeIfAbsent(route,
				(r) -> new CopyOnWriteArrayList<>());
		return add(listeners, requireListener(listener));
	}

	public Registration onAnyPush(Consumer<Packet> listener) {
		return add(this.anyPush, requireListener(listener));
	}

	public Registration onClose(Consumer<CloseEvent> listener) {
		return add(this.close, requireListener(listener));
	}

	public Registration onReconnect(Runnable listener) {
		return add(this.reconnect, requireListener(listener));
	}

	void firePush(Packet packet) {
		List<Consumer<Packet>> listeners = this.pushByRoute.get(packet.route());
		if (listeners != null) {
			for (Consumer<Packet> listener : listeners) {
				accept(listener, packet, "push");
			}
		}
		for (Consumer<Packet> listener : this.anyPush) {
			accept(listener, packet, "push");
		}
	}

	void fireClose(CloseEvent event) {
		for (Consumer<CloseEvent> listener : this.close) {
			accept(listener, event, "close");
		}
	}

	void fireReconnect() {
		for (Runnable listener : this.reconnect) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("reconnect listener {} failed", listener, ex);
			}
		}
	}

	private static <T> void accept(Consumer<T> listener, T event, String kind) {
		try {
			listener.accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("{} listener {} failed on {}", kind, listener, event, ex);
		}
	}

	private static <T> Registration add(List<T> listeners, T listener) {
		listeners.add(listener);
		return () -> listeners.remove(listener);
	}

	private static <T> T requireListener(T listener) {
		if (listener == null) {
			throw new IllegalArgumentException("listener: null (expected: not null)");
		}
		return listener;
	}

}
