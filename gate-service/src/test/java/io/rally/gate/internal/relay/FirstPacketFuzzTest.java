package io.rally.gate.internal.relay;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.testsupport.FuzzStats;
import io.rally.testsupport.TrackingAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the transparent gateway's first packet: {@link FirstPacketDecoder} in a channel, fed
 * in chunks, then the gate's {@link DefaultBackendResolver} on the request it reads ({@code
 * host:port}, an instance id, or a signed token), with an allow-list of a name, an IPv4 network,
 * an IPv6 network and an address, two discovered instances and an HS256 key.
 *
 * <p>Input layout: byte 0 is the chunk size the stream arrives in (0: all at once); the rest is
 * what the client sends: a 4-byte big-endian length, the request, and whatever follows.
 *
 * <p>Checked for every input: the decoder reads exactly what a reference reading of the layout
 * reads (a request, a refusal with its reason, or nothing yet) and passes every byte behind the
 * first packet on unchanged; nothing else is thrown; the resolver either refuses with a
 * documented reason or names a backend that the allow-list or discovery, read independently
 * below, admits; no buffer is asked for beyond the first-packet limit plus what Netty cumulates
 * from the reads; every buffer is released.
 */
class FirstPacketFuzzTest {

	/** rally.gate.relay.max-first-packet's default, 4 KB. */
	private static final int MAX_LENGTH = 4096;

	static final String SECRET = "a-fuzzing-secret-that-is-at-least-32-bytes-long";

	/** The gate's clock in these tests; tokens in the seeds expire in 2030. */
	static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

	private static final List<String> ALLOWED = List.of("game.example:7000", "10.1.0.0/16:*", "[fd00::]/8:7000",
			"127.0.0.1:9000");

	private static final Map<String, Backend> INSTANCES = Map.of("shard-1", new Backend("10.9.0.1", 7000, "shard-1"),
			"shard-2", new Backend("fd00::9", 7001, "shard-2"));

	private static final Set<RelayRefusal> RESOLVER_REFUSALS = EnumSet.of(RelayRefusal.MALFORMED,
			RelayRefusal.BAD_TOKEN, RelayRefusal.EXPIRED_TOKEN, RelayRefusal.NOT_ALLOWED);

	/** ByteToMessageDecoder's default: read bytes may stay in the cumulation for this many reads. */
	private static final int DISCARD_AFTER_READS = 16;

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

	private static final GateMetrics metrics = new GateMetrics(new SimpleMeterRegistry());

	private static final RelayRefusals refusals = new RelayRefusals(metrics, Duration.ofHours(1));

	private static final DefaultBackendResolver resolver = resolver();

	private static final FuzzStats stats = new FuzzStats("transparent gateway first packet (FirstPacketDecoder + "
			+ "DefaultBackendResolver)");

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void firstPacket(byte[] input) {
		if (input.length < 1) {
			return;
		}
		int chunk = (input[0] & 0xff) == 0 ? Math.max(1, input.length - 1) : input[0] & 0xff;
		Expected expected = reference(Arrays.copyOfRange(input, 1, input.length));

		TrackingAllocator allocator = new TrackingAllocator();
		Recorder recorder = new Recorder();
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.config().setAllocator(allocator);
		double refusedBefore = refused(expected.refusal);
		channel.pipeline().addLast(new FirstPacketDecoder(MAX_LENGTH, "tcp", refusals), recorder);
		try {
			for (int offset = 1; offset < input.length && channel.isOpen(); offset += chunk) {
				int length = Math.min(chunk, input.length - offset);
				channel.writeInbound(allocator.input(input, offset, length, offset % 3));
			}
		}
		finally {
			channel.finishAndReleaseAll();
		}
		recorder.assertNothingUnexpected();
		if (expected.refusal != null) {
			if (refused(expected.refusal) != refusedBefore + 1 || recorder.request != null) {
				throw new AssertionError("expected a refusal (" + expected.refusal.tag() + "), got "
						+ ((recorder.request != null) ? "the request '" + recorder.request.text() + "'" : "none"));
			}
		}
		else if (expected.request == null) {
			if (recorder.request != null) {
				throw new AssertionError("read a request before the first packet was complete");
			}
		}
		else {
			if (recorder.request == null || !recorder.request.text().equals(expected.request)) {
				throw new AssertionError("expected the request '" + expected.request + "', read "
						+ ((recorder.request != null) ? "'" + recorder.request.text() + "'" : "none"));
			}
			if (!Arrays.equals(recorder.following.toByteArray(), expected.following)) {
				throw new AssertionError("the bytes behind the first packet did not pass through unchanged");
			}
			resolve(expected.request);
		}
		int bound = TrackingAllocator.roundedCapacity(4 + MAX_LENGTH + DISCARD_AFTER_READS * chunk);
		if (allocator.largestRequest() > bound) {
			throw new AssertionError("asked for a buffer of " + allocator.largestRequest() + " bytes; the bound is "
					+ bound + " for chunks of " + chunk);
		}
		allocator.assertAllReleased();
		stats.record(allocator.largestRequest(), bound);
	}

	@AfterAll
	static void printStats() {
		stats.print();
		resolver.close();
	}

	private static void resolve(String request) {
		Backend backend;
		try {
			backend = resolver.resolve(request);
		}
		catch (RelayRefusedException ex) {
			if (!RESOLVER_REFUSALS.contains(ex.reason())) {
				throw new AssertionError("refused for an unexpected reason: " + ex.reason(), ex);
			}
			return;
		}
		if (!admitted(backend)) {
			throw new AssertionError("'" + request + "' resolved to " + backend
					+ ", which neither the allow-list nor discovery admits");
		}
	}

	/** The allow-list and discovery of {@link #resolver()}, read without the gate's code. */
	static boolean admitted(Backend backend) {
		if (backend.instanceId() != null) {
			return backend.equals(INSTANCES.get(backend.instanceId()));
		}
		if (backend.host().equalsIgnoreCase("game.example")) {
			return backend.port() == 7000;
		}
		byte[] ip = literal(backend.host());
		if (ip == null) {
			return false;
		}
		if (ip.length == 4) {
			return (ip[0] == 10 && ip[1] == 1) || (Arrays.equals(ip, new byte[] { 127, 0, 0, 1 }) && backend.port() == 9000);
		}
		return (ip[0] & 0xff) == 0xfd && backend.port() == 7000;
	}

	/** The bytes of an IP literal; {@code null} for anything else. Never asks DNS. */
	static byte[] literal(String host) {
		if (IPV4.matcher(host).matches()) {
			String[] octets = host.split("\\.");
			byte[] ip = new byte[4];
			for (int i = 0; i < 4; i++) {
				ip[i] = (byte) Integer.parseInt(octets[i]);
			}
			return ip;
		}
		if (host.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(host).matches()) {
			return null;
		}
		try {
			// starts with a hex digit or ':' and holds a ':', so the JDK parses it and never resolves it
			return InetAddress.getByName(host).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static DefaultBackendResolver resolver() {
		InMemoryRegistry registry = new InMemoryRegistry();
		INSTANCES.forEach((id, backend) -> registry.register(new InstanceInfo(id, InstanceKind.NODE, "shards",
				InstanceState.WORK, 1, backend.address(), List.of())));
		RelayTokenVerifier tokens = new RelayTokenVerifier(SECRET.getBytes(StandardCharsets.UTF_8), null, "backend",
				Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));
		return new DefaultBackendResolver(BackendAllowList.of(ALLOWED), tokens, false, registry,
				Set.of(InstanceKind.NODE), Set.of());
	}

	private static double refused(RelayRefusal reason) {
		if (reason == null) {
			return 0;
		}
		var counter = metrics.registry().find(GateMetrics.RELAY_REFUSED).tag("reason", reason.tag()).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** What the layout says the client sent: a refusal, a request and what follows it, or too little yet. */
	static Expected reference(byte[] stream) {
		if (stream.length < 4) {
			return new Expected(null, null, null);
		}
		int declared = ByteBuffer.wrap(stream).getInt();
		if (declared < 1) {
			return new Expected(RelayRefusal.MALFORMED, null, null);
		}
		if (declared > MAX_LENGTH) {
			return new Expected(RelayRefusal.OVERSIZED, null, null);
		}
		if (stream.length - 4 < declared) {
			return new Expected(null, null, null);
		}
		byte[] body = Arrays.copyOfRange(stream, 4, 4 + declared);
		String text = new String(body, StandardCharsets.UTF_8);
		if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) {
			return new Expected(RelayRefusal.MALFORMED, null, null);
		}
		return new Expected(null, text, Arrays.copyOfRange(stream, 4 + declared, stream.length));
	}

	record Expected(RelayRefusal refusal, String request, byte[] following) {
	}

	/** The end of the pipeline: the backend request and the bytes that follow it. */
	static final class Recorder extends ChannelInboundHandlerAdapter {

		BackendRequest request;

		final ByteArrayOutputStream following = new ByteArrayOutputStream();

		private final List<Throwable> unexpected = new ArrayList<>();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof BackendRequest backendRequest) {
				if (this.request != null) {
					this.unexpected.add(new AssertionError("a second backend request"));
				}
				this.request = backendRequest;
			}
			else if (msg instanceof ByteBuf bytes) {
				if (this.request == null) {
					this.unexpected.add(new AssertionError("bytes passed on before the request"));
				}
				this.following.writeBytes(ByteBufUtil.getBytes(bytes));
				bytes.release();
			}
			else {
				ReferenceCountUtil.release(msg);
				this.unexpected.add(new AssertionError("a " + msg.getClass().getName() + " came out of the decoder"));
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			this.unexpected.add(cause);
		}

		void assertNothingUnexpected() {
			if (!this.unexpected.isEmpty()) {
				AssertionError error = new AssertionError("unexpected: " + this.unexpected.get(0), this.unexpected.get(0));
				this.unexpected.stream().skip(1).forEach(error::addSuppressed);
				throw error;
			}
		}

	}

}
