package io.rally.node;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.StringValue;

import io.rally.node.api.RallyController;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;
import io.rally.node.api.SessionInfo;

/** The controller of the shared test node; every route exercises one handler feature. */
@RallyController
class GameController {

	final List<String> notified = new CopyOnWriteArrayList<>();

	final Map<Long, List<Integer>> sequences = new ConcurrentHashMap<>();

	final List<String> threads = new CopyOnWriteArrayList<>();

	private final TestNodeApplication.Recorder recorder;

	GameController(TestNodeApplication.Recorder recorder) {
		this.recorder = recorder;
	}

	@Route(1)
	Greeting hello(Hello hello) {
		return new Greeting("hello " + hello.name());
	}

	@Route(2)
	StringValue shout(StringValue value) {
		return StringValue.of(value.getValue().toUpperCase());
	}

	@Route(3)
	byte[] reverse(byte[] payload) {
		byte[] reversed = new byte[payload.length];
		for (int i = 0; i < payload.length; i++) {
			reversed[i] = payload[payload.length - 1 - i];
		}
		return reversed;
	}

	@Route(4)
	void notify(Hello hello) {
		this.notified.add(hello.name());
	}

	@Route(5)
	CompletableFuture<Greeting> later(Hello hello) {
		return CompletableFuture.supplyAsync(() -> new Greeting("later " + hello.name()));
	}

	@Route(6)
	Greeting forbidden(Hello hello) {
		throw new RallyException(403, "no entry for " + hello.name());
	}

	@Route(7)
	Greeting broken() {
		throw new IllegalStateException("bug");
	}

	@Route(8)
	CompletableFuture<Greeting> failsLater() {
		return CompletableFuture.supplyAsync(() -> {
			throw new RallyException(409, "conflict");
		});
	}

	@Route(10)
	Map<String, Object> whoami(SessionInfo session, RequestContext context) {
		this.threads.add(Thread.currentThread().getName());
		return Map.of("gate", session.gateId(), "connection", session.connectionId(), "user", session.userId(), "ip",
				session.clientIp(), "route", context.route(), "seq", context.seq());
	}

	@Route(value = 20, stateful = true)
	CompletableFuture<Greeting> login(RequestContext context, Login login) {
		return context.bindUser(login.userId())
			.thenCompose((bound) -> context.bindNode())
			.thenApply((ignored) -> new Greeting("welcome " + context.userId()));
	}

	@Route(value = 21, authorized = true, internal = true)
	String internal() {
		return "internal";
	}

	@Route(TestNodeApplication.INTERCEPTED)
	String intercepted(RequestContext context) {
		this.recorder.record(context, "handler");
		return "handled";
	}

	@Route(50)
	void sequence(RequestContext context, byte[] payload) {
		this.sequences.computeIfAbsent(context.connectionId(), (id) -> new CopyOnWriteArrayList<>())
			.add(ByteBuffer.wrap(payload).getInt());
	}

	record Hello(String name) {
	}

	record Greeting(String text) {
	}

	record Login(long userId) {
	}

}
