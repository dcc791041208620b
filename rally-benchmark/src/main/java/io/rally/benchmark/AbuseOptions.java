package io.rally.benchmark;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * What the abuse target throws at the gate beside its well-behaved clients (whose number is
 * {@link BenchmarkOptions#connections()}). Immutable; read by {@link Parser}.
 *
 * @param flooders TCP connections that pipeline requests as fast as their socket takes them
 * @param flooderReading whether flooders read (and discard) their answers or never read
 * @param slowloris TCP connections that never log in and only hold a connection slot
 * @param slowlorisMode whether those trickle a byte now and then or stay silent
 * @param slowlorisInterval the time between two trickled bytes
 * @param kcpFloodRate spoofed KCP datagrams a second
 * @param kcpSources the loopback addresses the KCP flood comes from
 * @param kcpCommand the command of the spoofed segments
 * @param tcpSources the loopback addresses the flooders and slowloris connect from
 * @param threads event loop threads of the abusers, apart from the good clients' loops
 * @param cluster whether to abuse the cluster's gate (with a node JVM behind it) rather than the
 * standalone app
 */
record AbuseOptions(int flooders, FlooderReading flooderReading, int slowloris, SlowlorisMode slowlorisMode,
		Duration slowlorisInterval, int kcpFloodRate, int kcpSources, KcpCommand kcpCommand, int tcpSources,
		int threads, boolean cluster) {

	/** Distinct addresses {@link #loopback} can make for one host byte. */
	static final int MAX_SOURCES = 254 * 256;

	static final String USAGE = """
			  abuse target (--target abuse; --connections is then the good clients, default 50, and the
			  request timeout defaults to 1s):
			  --good M                   well-behaved clients, closed loop (same as --connections)
			  --flooders K               connections pipelining route requests (default %d)
			  --flooder-reading R        discard (read and drop answers) or never (default %s)
			  --slowloris S              connections that never log in (default %d)
			  --slowloris-mode M         trickle (a byte every interval) or idle (default %s)
			  --slowloris-interval D     time between trickled bytes (default %s)
			  --kcp-flood-rate N         spoofed KCP first segments a second, 0 for none (default %d)
			  --kcp-sources N            loopback source addresses of that flood (default %d)
			  --kcp-command C            push (opens a conversation) or wask (default %s)
			  --tcp-sources N            loopback addresses the flooders and slowloris use (default %d)
			  --abuse-threads N          event loop threads of the abusers (default %d)
			  --abuse-cluster            abuse a cluster gate with a node JVM, not the standalone app
			""";

	enum FlooderReading {
		DISCARD, NEVER
	}

	enum SlowlorisMode {
		TRICKLE, IDLE
	}

	enum KcpCommand {

		PUSH(81), WASK(83);

		final byte code;

		KcpCommand(int code) {
			this.code = (byte) code;
		}

	}

	AbuseOptions {
		OptionValues.require(flooders >= 0, "flooders: " + flooders + " (expected: >= 0)");
		OptionValues.require(slowloris >= 0, "slowloris: " + slowloris + " (expected: >= 0)");
		OptionValues.require(slowlorisInterval.toMillis() > 0,
				"slowloris-interval: " + slowlorisInterval + " (expected: > 0)");
		OptionValues.require(kcpFloodRate >= 0, "kcp-flood-rate: " + kcpFloodRate + " (expected: >= 0)");
		OptionValues.require(kcpSources > 0 && kcpSources <= MAX_SOURCES,
				"kcp-sources: " + kcpSources + " (expected: 1 to " + MAX_SOURCES + ")");
		OptionValues.require(tcpSources > 0 && tcpSources <= MAX_SOURCES,
				"tcp-sources: " + tcpSources + " (expected: 1 to " + MAX_SOURCES + ")");
		OptionValues.require(threads > 0, "abuse-threads: " + threads + " (expected: > 0)");
	}

	static String usage() {
		AbuseOptions d = new Parser().build();
		return String.format(Locale.ROOT, USAGE, d.flooders(), OptionValues.id(d.flooderReading()), d.slowloris(),
				OptionValues.id(d.slowlorisMode()), OptionValues.format(d.slowlorisInterval()), d.kcpFloodRate(),
				d.kcpSources(), OptionValues.id(d.kcpCommand()), d.tcpSources(), d.threads());
	}

	/** The address the KCP flood's socket {@code index} is bound to: {@code 127.a.b.1}. */
	InetSocketAddress kcpSource(int index) {
		return new InetSocketAddress(loopback(index % this.kcpSources, 1), 0);
	}

	/** The address TCP abuser {@code index} connects from: {@code 127.a.b.2}, apart from the KCP flood's. */
	InetSocketAddress tcpSource(int index) {
		return new InetSocketAddress(loopback(index % this.tcpSources, 2), 0);
	}

	/**
	 * Source address {@code index} of a set of loopback addresses spread across 127.0.0.0/8,
	 * which Linux routes to {@code lo} whole: {@code 127.(1 + index % 254).(index / 254).host}.
	 * The second byte is never 0, so no abuser shares 127.0.0.1 with the good clients; a
	 * different {@code host} byte gives a set that shares no address with this one.
	 */
	static InetAddress loopback(int index, int host) {
		byte[] address = { 127, (byte) (1 + index % 254), (byte) (index / 254), (byte) host };
		try {
			return InetAddress.getByAddress(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("four bytes are an IPv4 address", ex);
		}
	}

	/** Reads the abuse options from the command line, with their defaults. Not thread-safe. */
	static final class Parser {

		private int flooders = 10;

		private FlooderReading flooderReading = FlooderReading.DISCARD;

		private int slowloris = 1000;

		private SlowlorisMode slowlorisMode = SlowlorisMode.TRICKLE;

		private Duration slowlorisInterval = Duration.ofSeconds(5);

		private int kcpFloodRate = 20_000;

		private int kcpSources = 256;

		private KcpCommand kcpCommand = KcpCommand.PUSH;

		private int tcpSources = 1;

		private int threads = 1;

		private boolean cluster;

		/** Takes a flag without a value. @return whether {@code name} is one of ours */
		boolean acceptFlag(String name) {
			if (name.equals("--abuse-cluster")) {
				this.cluster = true;
				return true;
			}
			return false;
		}

		/** Takes an option with a value. @return whether {@code name} is one of ours */
		boolean accept(String name, String value) {
			switch (name) {
				case "--flooders" -> this.flooders = OptionValues.parseInt(name, value);
				case "--flooder-reading" -> this.flooderReading = OptionValues.parseEnum(FlooderReading.class, name, value);
				case "--slowloris" -> this.slowloris = OptionValues.parseInt(name, value);
				case "--slowloris-mode" -> this.slowlorisMode = OptionValues.parseEnum(SlowlorisMode.class, name, value);
				case "--slowloris-interval" -> this.slowlorisInterval = OptionValues.parseDuration(name, value);
				case "--kcp-flood-rate" -> this.kcpFloodRate = OptionValues.parseInt(name, value);
				case "--kcp-sources" -> this.kcpSources = OptionValues.parseInt(name, value);
				case "--kcp-command" -> this.kcpCommand = OptionValues.parseEnum(KcpCommand.class, name, value);
				case "--tcp-sources" -> this.tcpSources = OptionValues.parseInt(name, value);
				case "--abuse-threads" -> this.threads = OptionValues.parseInt(name, value);
				default -> {
					return false;
				}
			}
			return true;
		}

		AbuseOptions build() {
			return new AbuseOptions(this.flooders, this.flooderReading, this.slowloris, this.slowlorisMode,
					this.slowlorisInterval, this.kcpFloodRate, this.kcpSources, this.kcpCommand, this.tcpSources,
					this.threads, this.cluster);
		}

	}

}
