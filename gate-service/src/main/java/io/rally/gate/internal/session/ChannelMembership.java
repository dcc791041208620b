package io.rally.gate.internal.session;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channel membership on one gate: which open sessions are in which channel. A channel exists while
 * it has a member. Each session's own list of channels is what bounds it, and is guarded by
 * its own lock, so subscriptions of different connections do not contend; publishing only
 * reads the members of a channel and takes no lock. Thread-safe.
 */
final class ChannelMembership {

	private final ChannelLimits limits;

	private final Map<String, Set<Session>> members = new ConcurrentHashMap<>();

	private final Map<Session, Joined> bySession = new ConcurrentHashMap<>();

	ChannelMembership(ChannelLimits limits) {
		this.limits = limits;
	}

	/**
	 * Adds a session to a channel whose name was {@linkplain #checkName checked}.
	 * @throws IllegalStateException if the session is in as many channels as allowed
	 */
	void join(String channel, Session session) {
		while (!tryJoin(channel, session)) {
			// The session left every channel meanwhile; start over with a fresh list.
		}
		if (session.isClosed()) {
			// The session closed while it joined; its close may have missed this channel.
			leaveAll(session);
		}
	}

	private boolean tryJoin(String channel, Session session) {
		Joined joined = this.bySession.computeIfAbsent(session, (key) -> new Joined());
		synchronized (joined) {
			if (joined.detached) {
				return false;
			}
			if (joined.names.contains(channel)) {
				return true;
			}
			if (joined.names.size() >= this.limits.maxPerConnection()) {
				throw new IllegalStateException("Connection " + session.id() + " is in "
						+ this.limits.maxPerConnection() + " channels already, the most a connection may join");
			}
			joined.names.add(channel);
			this.members.compute(channel, (key, sessions) -> {
				Set<Session> result = (sessions != null) ? sessions : ConcurrentHashMap.newKeySet();
				result.add(session);
				return result;
			});
			return true;
		}
	}

	/** Removes a session from a channel; {@code true} if it was in it. */
	boolean leave(String channel, Session session) {
		Joined joined = this.bySession.get(session);
		if (joined == null) {
			return false;
		}
		synchronized (joined) {
			if (!joined.names.remove(channel)) {
				return false;
			}
			removeMember(channel, session);
		}
		return true;
	}

	/** Removes a session from every channel it is in. */
	void leaveAll(Session session) {
		Joined joined = this.bySession.get(session);
		if (joined == null) {
			return;
		}
		synchronized (joined) {
			joined.detached = true;
			joined.names.forEach((channel) -> removeMember(channel, session));
			joined.names.clear();
			this.bySession.remove(session, joined);
		}
	}

	/** The sessions in a channel now. */
	Set<Session> members(String channel) {
		return this.members.getOrDefault(channel, Set.of());
	}

	/** The channels a session is in now. */
	List<String> channelsOf(Session session) {
		Joined joined = this.bySession.get(session);
		if (joined == null) {
			return List.of();
		}
		synchronized (joined) {
			return List.copyOf(joined.names);
		}
	}

	/** How many channels have members. */
	int channelCount() {
		return this.members.size();
	}

	private void removeMember(String channel, Session session) {
		this.members.computeIfPresent(channel, (key, sessions) -> {
			sessions.remove(session);
			return sessions.isEmpty() ? null : sessions;
		});
	}

	/**
	 * Refuses a channel name that is null, empty or too long.
	 * @throws IllegalArgumentException for a bad name
	 */
	void checkName(String channel) {
		if (channel == null || channel.isEmpty() || channel.length() > this.limits.maxNameLength()) {
			throw new IllegalArgumentException("Channel name " + ((channel != null) ? "'" + abbreviate(channel) + "'" : "null")
					+ " (expected: 1 to " + this.limits.maxNameLength() + " chars)");
		}
	}

	private static String abbreviate(String name) {
		return (name.length() <= 40) ? name : name.substring(0, 40) + "...";
	}

	/** The channels of one session; once detached, it is out of the map and must not be used. */
	private static final class Joined {

		private final Set<String> names = new HashSet<>();

		private boolean detached;

	}

}
