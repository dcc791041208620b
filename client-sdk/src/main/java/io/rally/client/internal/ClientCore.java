package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import io.rally.client.CloseEvent;
import io.rally.client.ConnectionClosedException;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;

/**
 * The life of a client's connection: connect, reconnect with backoff, close. Each link gets a
 * {@link Session} of its own, with its own {@link ResponseMatcher}, so nothing of an old link
 * leaks into the next one.
 *
 * <p>State changes take a lock; requests do not: they read the current session from a
 * volatile field and go straight to its matcher.
 */
public final class ClientCore {

	private final ClientConfig config;

	private final EventLoops eventLoops;

	private final boolean ownsEventLoops;

	private final Transport transport;

	private final Listeners listeners = new Listeners();

	private final Object lock = new Object();

	/** The session whose link is open, or {@code null}. */
	private volatile Session session;

	private State state = State.IDLE;

	private CompletableFuture<Void> connecting;

	private Session opening;

	private long backoffNanos;

	private Future<?> reconnectTask;

	public ClientCore(ClientConfig config, EventLoops eventLoops, boolean ownsEventLoops) {
		this.config = config;
		this.eventLoops = eventLoops;
		this.ownsEventLoops = ownsEventLoops;
		this.transport = Transport.create(config, eventLoops);
	}

	public ClientConfig config() {
		return this.config;
	}

	public Listeners listeners() {
		return this.listeners;
	}

	public CompletableFuture<Void> connect() {
		synchronized (this.lock) {
			switch (this.state) {
				case CLOSED:
					return CompletableFuture.failedFuture(new ConnectionClosedException("the client is closed"));
				case IDLE:
					CompletableFuture<Void> connecting = new CompletableFuture<>();
					this.connecting = connecting;
					this.state = State.CONNECTING;
					attempt();
					return connecting;
				default:
					return this.connecting;
			}
		}
	}

	public boolean isConnected() {
		Session session = this.session;
		return session != null && session.open;
	}

	public CompletableFuture<Packet> request(int route, byte[] payload) {
		IllegalArgumentException invalid = check(route, payload);
		if (invalid != null) {
			return CompletableFuture.failedFuture(invalid);
		}
		Session session = this.session;
		if (session == null || !session.open) {
			return CompletableFuture.failedFuture(notConnected());
		}
		return session.matcher.request(session.link, route, payload);
	}

	public CompletableFuture<Void> send(int route, byte[] payload) {
		IllegalArgumentException invalid = check(route, payload);
		if (invalid != null) {
			return CompletableFuture.failedFuture(invalid);
		}
		Session session = this.session;
		if (session == null || !session.open) {
			return CompletableFuture.failedFuture(notConnected());
		}
		return session.link.send(new Packet(route, 0, payload, this.config.extcode()));
	}

	/** Closes the link, fails what waits, stops reconnecting and, if owned, the I/O threads. */
	public void close() {
		Session session;
		CompletableFuture<Void> connecting;
		synchronized (this.lock) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
			session = this.session;
			connecting = this.connecting;
			this.connecting = null;
			this.opening = null;
			if (this.reconnectTask != null) {
				this.reconnectTask.cancel(false);
			}
		}
		if (connecting != null) {
			connecting.completeExceptionally(new ConnectionClosedException("the client was closed"));
		}
		if (session != null) {
			session.close();
		}
		if (this.ownsEventLoops) {
			this.eventLoops.shutdown(java.time.Duration.ofSeconds(5));
		}
	}

	private IllegalArgumentException check(int route, byte[] payload) {
		ProtocolSettings protocol = this.config.protocol();
		int maxRoute = protocol.maxRoute();
		if (route > maxRoute || route < -maxRoute - 1) {
			return new IllegalArgumentException(
					"route: " + route + " (expected: " + (-maxRoute - 1) + " to " + maxRoute + ")");
		}
		if (payload != null && payload.length > protocol.maxPayloadBytes()) {
			return new IllegalArgumentException(
					"payload: " + payload.length + " bytes (expected: <= " + protocol.maxPayloadBytes() + ")");
		}
		return null;
	}

	private ConnectionClosedException notConnected() {
		State state;
		synchronized (this.lock) {
			state = this.state;
		}
		return new ConnectionClosedException("not connected to " + this.config.address() + " (" + state + ")");
	}

	/** Opens a new session; called with the lock held. */
	private void attempt() {
		Session session = new Session(ResponseMatcher.create(this.config));
		this.opening = session;
		CompletableFuture<Link> opened;
		try {
			opened = this.transport.open(session);
		}
		catch (RuntimeException ex) {
			opened = CompletableFuture.failedFuture(ex);
		}
		opened.whenComplete((link, ex) -> {
			if (ex != null) {
				openFailed(session, ex);
			}
		});
	}

	/** Called with the lock held. */
	private void scheduleReconnect() {
		long delay = this.backoffNanos / 2 + ThreadLocalRandom.current().nextLong(this.backoffNanos / 2 + 1);
		this.backoffNanos = Math.min(this.backoffNanos * 2, this.config.maxBackoff().toNanos());
		try {
			this.reconnectTask = this.eventLoops.schedule(() -> {
				synchronized (this.lock) {
					if (this.state == State.RECONNECTING && this.opening == null) {
						attempt();
					}
				}
			}, delay);
		}
		catch (RejectedExecutionException ex) {
			// The I/O threads are stopping; there is nothing left to reconnect with.
			this.state = State.IDLE;
		}
	}

	private void linkOpened(Session session) {
		CompletableFuture<Void> connected;
		boolean reconnected;
		synchronized (this.lock) {
			if (this.state == State.CLOSED || this.opening != session) {
				session.close();
				return;
			}
			this.opening = null;
			reconnected = this.state == State.RECONNECTING;
			this.state = State.CONNECTED;
			this.session = session;
			connected = this.connecting;
		}
		connected.complete(null);
		if (reconnected) {
			this.listeners.fireReconnect();
		}
	}

	private void openFailed(Session session, Throwable cause) {
		CompletableFuture<Void> failed;
		synchronized (this.lock) {
			if (this.opening != session) {
				return;
			}
			this.opening = null;
			if (this.state == State.RECONNECTING) {
				scheduleReconnect();
				return;
			}
			this.state = State.IDLE;
			failed = this.connecting;
			this.connecting = null;
		}
		failed.completeExceptionally(cause);
	}

	private void linkClosed(Session session, CloseEvent.Reason reason, Throwable cause) {
		boolean reconnecting = false;
		synchronized (this.lock) {
			if (this.session != session) {
				return;
			}
			this.session = null;
			if (this.state == State.CONNECTED && this.config.reconnect()) {
				this.state = State.RECONNECTING;
				this.connecting = new CompletableFuture<>();
				this.backoffNanos = this.config.initialBackoff().toNanos();
				scheduleReconnect();
				reconnecting = this.state == State.RECONNECTING;
			}
			else if (this.state == State.CONNECTED) {
				this.state = State.IDLE;
				this.connecting = null;
			}
		}
		this.listeners.fireClose(new CloseEvent(reason, cause, reconnecting));
	}

	private enum State {

		IDLE, CONNECTING, CONNECTED, RECONNECTING, CLOSED

	}

	/** One link and the requests waiting on it. */
	private final class Session implements LinkListener {

		final ResponseMatcher matcher;

		volatile Link link;

		volatile boolean open;

		Session(ResponseMatcher matcher) {
			this.matcher = matcher;
		}

		@Override
		public void onOpen(Link link) {
			this.link = link;
			this.open = true;
			linkOpened(this);
		}

		@Override
		public void onPacket(Packet packet) {
			if (!this.matcher.complete(packet)) {
				ClientCore.this.listeners.firePush(packet);
			}
		}

		@Override
		public void onClosed(CloseEvent.Reason reason, Throwable cause) {
			this.open = false;
			this.matcher.close(new ConnectionClosedException("connection to " + ClientCore.this.config.address()
					+ " closed (" + reason + ")", cause));
			linkClosed(this, reason, cause);
		}

		void close() {
			this.open = false;
			this.matcher.close(new ConnectionClosedException("the client was closed"));
			Link link = this.link;
			if (link != null) {
				link.close();
			}
		}

	}

}
