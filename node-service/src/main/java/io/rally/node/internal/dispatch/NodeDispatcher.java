package io.rally.node.internal.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.node.api.InterceptorChain;
import io.rally.node.api.Messenger;
import io.rally.node.api.PayloadCodec;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.RouteInterceptor;
import io.rally.node.api.SessionInfo;
import io.rally.node.api.SessionListener;
import io.rally.node.api.UnknownRouteHandler;
import io.rally.node.internal.dispatch.NodeMetrics.RouteMeters;
import io.rally.node.internal.handler.HandlerMethod;
import io.rally.node.internal.handler.RouteTable;
import io.rally.node.internal.messaging.BoundUsers;
import io.rally.node.internal.messaging.GateDirectory;
import io.rally.protocol.ErrorPacket;

/**
 * The node's {@link NodeEndpoint}: queues every message and session event on the
 * {@link WorkerLanes worker lane} of its connection and runs it there through the interceptors to
 * its handler, then sends the result back. {@link #deliver} and {@link #sessionEvent} never run
 * handler code on the caller's thread. Refuses messages (error 503) until {@link #start started}
 * and once {@link #drain draining}. A DISCONNECT event removes its user from the
 * {@link BoundUsers} as soon as it arrives, even while the node is not running.
 */
public final class NodeDispatcher implements NodeEndpoint {

	private static final Log logger = LogFactory.getLog(NodeDispatcher.class);

	private static final CompletableFuture<Void> ANSWERED = CompletableFuture.completedFuture(null);

	private final PayloadCodec codec;

	private final Messenger messenger;

	private final Replies replies;

	private final Settings settings;

	private final NodeMetrics metrics;

	private final BoundUsers boundUsers;

	private volatile Running running;

	public NodeDispatcher(PayloadCodec codec, Messenger messenger, GateDirectory gates, BoundUsers boundUsers,
			Settings settings, MeterRegistry meterRegistry) {
		this.codec = codec;
		this.messenger = messenger;
		this.replies = new Replies(gates);
		this.boundUsers = boundUsers;
		this.settings = settings;
		this.metrics = new NodeMetrics(meterRegistry);
		this.metrics.queueGauge(this, NodeDispatcher::queued);
	}

	/**
	 * Starts taking messages for the routes of {@code table}.
	 * @param interceptors in the order they apply, outermost first
	 * @param unknownRouteHandler for routes {@code table} has no handler for, or {@code null}
	 * for an error 404
	 */
	public synchronized void start(RouteTable table, List<RouteInterceptor> interceptors,
			List<SessionListener> listeners, UnknownRouteHandler unknownRouteHandler) {
		if (this.running != null) {
			throw new IllegalStateException("Dispatcher already started");
		}
		Map<Integer, Target> targets = new HashMap<>();
		for (HandlerMethod handler : table.handlers()) {
			targets.put(handler.route().route(), new Target(handler, this.metrics.route(handler.route().route())));
		}
		WorkerLanes lanes = new WorkerLanes(this.settings.workerThreads(), this.settings.maxQueuedMessages(),
				this.settings.workerIdleYields());
		this.running = new Running(lanes, Map.copyOf(targets), interceptors.toArray(RouteInterceptor[]::new),
				listeners.toArray(SessionListener[]::new), unknownRouteHandler);
	}

	/**
	 * Refuses new messages, and runs those already queued, waiting at most {@code timeout}.
	 * @return {@code true} if all queued work ran in time
	 */
	public synchronized boolean drain(Duration timeout) {
		Running current = this.running;
		this.running = null;
		return current == null || current.lanes().shutdown(timeout);
	}

	/** Messages and session events queued or running now. */
	public int queued() {
		Running current = this.running;
		return (current != null) ? current.lanes().queued() : 0;
	}

	@Override
	public void deliver(ClientMessage message) {
		Running current = this.running;
		if (current == null || !current.lanes()
			.submit(message.gateId(), message.connectionId(), () -> handle(current, message), true)) {
			reject(message);
		}
	}

	/** Whether the workers are below half their bound of queued messages (or not running: then deliveries fail at once). */
	@Override
	public boolean isReady(String gateId) {
		Running current = this.running;
		return current == null || current.lanes().isReady();
	}

	@Override
	public void whenReady(String gateId, Runnable task) {
		Running current = this.running;
		if (current == null) {
			task.run();
		}
		else {
			current.lanes().whenReady(task);
		}
	}

	/**
	 * Answers at once, on the caller's thread: what a gate measures is the way to the node and
	 * back, not its workers' queues.
	 */
	@Override
	public CompletableFuture<Void> ping() {
		return ANSWERED;
	}

	@Override
	public void sessionEvent(SessionEvent event) {
		if (event.type() == SessionEvent.Type.DISCONNECT && event.userId() != 0) {
			this.boundUsers.left(event.userId());
		}
		Running current = this.running;
		// Session events are never refused for a full queue: a lost disconnect would leak the
		// state a listener keeps for the connection, and their number is bounded by connections.
		if (current == null || !current.lanes()
			.submit(event.gateId(), event.connectionId(), () -> notifyListeners(current, event), false)) {
			logger.debug("Dropped " + event + ": the node is not running");
		}
	}

	private void reject(ClientMessage message) {
		this.metrics.rejected();
		if (logger.isDebugEnabled()) {
			logger.debug("Refused route " + message.route() + " from connection " + message.connectionId()
					+ " of gate '" + message.gateId() + "': " + ((this.running != null) ? "queue full" : "not running"));
		}
		if (this.settings.errorResponses() && message.seq() != 0) {
			this.replies.sendError(message, ErrorPacket.UNAVAILABLE, "Node busy");
		}
	}

	private void handle(Running running, ClientMessage message) {
		DispatchContext context = new DispatchContext(message, this.codec, this.messenger, this.replies);
		Target target = running.targets().get(message.route());
		long start = System.nanoTime();
		Object result;
		try {
			result = new Invocation(running, context, target).proceed();
		}
		catch (Throwable ex) {
			failed(context, target, start, ex);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> {
				if (ex != null) {
					failed(context, target, start, ex);
				}
				else {
					succeeded(context, target, start, value);
				}
			});
		}
		else {
			succeeded(context, target, start, result);
		}
	}

	private void succeeded(DispatchContext context, Target target, long start, Object result) {
		if (result != null && context.seq() != 0) {
			try {
				context.reply(result);
			}
			catch (RuntimeException ex) {
				failed(context, target, start, ex);
				return;
			}
		}
		if (target != null) {
			target.meters().record(start);
		}
	}

	private void failed(DispatchContext context, Target target, long start, Throwable failure) {
		Throwable ex = unwrap(failure);
		String where = "Route " + context.route() + ((target != null) ? " (" + target.handler().description() + ")" : "");
		int code;
		String message;
		if (ex instanceof RallyException rally) {
			code = rally.code();
			message = rally.getMessage();
			if (logger.isDebugEnabled()) {
				logger.debug(where + " answered " + code + ": " + message + " [" + context + "]");
			}
		}
		else {
			code = ErrorPacket.HANDLER_ERROR;
			message = "Handler error";
			logger.warn(where + " failed [" + context + "]", ex);
		}
		if (target != null) {
			target.meters().record(start);
			target.meters().error();
		}
		if (this.settings.errorResponses()) {
			context.replyError(code, message);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private void notifyListeners(Running running, SessionEvent event) {
		SessionInfo session = new SessionInfo(event.gateId(), event.connectionId(), event.userId(), event.clientIp());
		for (SessionListener listener : running.listeners()) {
			try {
				switch (event.type()) {
					case CONNECT -> listener.onConnect(session);
					case RECONNECT -> listener.onReconnect(session);
					case DISCONNECT -> listener.onDisconnect(session);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Session listener " + listener.getClass().getName() + " failed on " + event, ex);
			}
		}
	}

	/** How a dispatcher runs: its worker pool and reply policy. */
	public record Settings(int workerThreads, int maxQueuedMessages, boolean errorResponses, int workerIdleYields) {
	}

	private record Target(HandlerMethod handler, RouteMeters meters) {
	}

	private record Running(WorkerLanes lanes, Map<Integer, Target> targets, RouteInterceptor[] interceptors,
			SessionListener[] listeners, UnknownRouteHandler unknownRouteHandler) {
	}

	/** One pass through the interceptors to the handler; used by one thread, once. */
	private static final class Invocation implements InterceptorChain {

		private final Running running;

		private final RequestContext context;

		private final Target target;

		private int next;

		Invocation(Running running, RequestContext context, Target target) {
			this.running = running;
			this.context = context;
			this.target = target;
		}

		@Override
		public Object proceed() throws Exception {
			RouteInterceptor[] interceptors = this.running.interceptors();
			if (this.next < interceptors.length) {
				return interceptors[this.next++].intercept(this.context, this);
			}
			if (this.next++ > interceptors.length) {
				throw new IllegalStateException("InterceptorChain.proceed() called twice on route " + this.context.route());
			}
			return invokeHandler();
		}

		private Object invokeHandler() throws Exception {
			if (this.target == null) {
				UnknownRouteHandler unknown = this.running.unknownRouteHandler();
				if (unknown == null) {
					throw new RallyException(ErrorPacket.ROUTE_NOT_FOUND, "Route " + this.context.route() + " not found");
				}
				unknown.handle(this.context);
				return null;
			}
			try {
				return this.target.handler().invoke(this.context);
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
