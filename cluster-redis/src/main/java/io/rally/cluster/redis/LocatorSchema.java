package io.rally.cluster.redis;

import java.util.List;
import java.util.Optional;

import io.rally.cluster.GateBinding;

import io.rally.cluster.redis.LocatorEvent.Type;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What the locator keeps in Redis and announces on its channel.
 *
 * <p>Keys, one Redis string each: {@code <prefix>:u:{<uid>}:gate} holds the user's gate id,
 * {@code <prefix>:u:{<uid>}:node:<group>} the user's node of a group, and
 * {@code <prefix>:u:{<uid>}:epoch} the epoch of the user's latest gate binding: a counter that
 * the script binding the gate increments, so that every login of a user gets a greater epoch
 * than the logins before it. The epoch key is never deleted (an unbind leaves it), since a
 * counter that started again would hand out epochs older than ones already in use. The braces
 * make the user id a Redis Cluster hash tag, so one user's keys share a slot.
 *
 * <p>Messages, UTF-8 text of four lines: the change ({@code gate+}, {@code gate-},
 * {@code node+}, {@code node-}), the user id, the group (empty for gates) and the instance id
 * bound or unbound. Every change and its message are made by one Lua script, so the order of
 * messages on the channel is the order of the changes.
 */
final class LocatorSchema {

	/** Sets a binding, returns the previous value and announces the change if the value changed. */
	static final RedisScript<String> BIND = RedisScript.of("""
			local previous = redis.call('SET', KEYS[1], ARGV[1], 'GET')
			if previous ~= ARGV[1] then
				redis.call('PUBLISH', ARGV[2], ARGV[3])
			end
			return previous
			""", String.class);

	/**
	 * Binds a user's gate like {@link #BIND} and increments the user's epoch in the same
	 * step; returns the new epoch, a line break and the previous gate (empty if none). The epoch
	 * is read back with GET so that it comes as Redis's own decimal text, not as a Lua number.
	 */
	static final RedisScript<String> BIND_GATE = RedisScript.of("""
			local previous = redis.call('SET', KEYS[1], ARGV[1], 'GET')
			redis.call('INCR', KEYS[2])
			local epoch = redis.call('GET', KEYS[2])
			if previous ~= ARGV[1] then
				redis.call('PUBLISH', ARGV[2], ARGV[3])
			end
			return epoch .. '\\n' .. (previous or '')
			""", String.class);

	/** Deletes a binding only if it still holds the expected value, and announces it; 1 if deleted. */
	static final RedisScript<Long> UNBIND = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				redis.call('DEL', KEYS[1])
				redis.call('PUBLISH', ARGV[2], ARGV[3])
				return 1
			end
			return 0
			""", Long.class);

	private static final List<String> CODES = List.of("gate+", "gate-", "node+", "node-");

	private static final List<Type> TYPES = List.of(Type.GATE_BOUND, Type.GATE_UNBOUND, Type.NODE_BOUND,
			Type.NODE_UNBOUND);

	private final String prefix;

	LocatorSchema(String prefix) {
		this.prefix = prefix;
	}

	String gateKey(long userId) {
		return this.prefix + ":u:{" + userId + "}:gate";
	}

	String epochKey(long userId) {
		return this.prefix + ":u:{" + userId + "}:epoch";
	}

	/** The reply of {@link #BIND_GATE} as a binding, leaving out a previous gate equal to {@code gateId}. */
	static GateBinding gateBinding(String reply, String gateId) {
		int lineBreak = reply.indexOf('\n');
		if (lineBreak < 0) {
			throw new IllegalStateException("Unexpected reply of the gate binding script: '" + reply + "'");
		}
		long epoch = Long.parseLong(reply.substring(0, lineBreak));
		String previous = reply.substring(lineBreak + 1);
		return new GateBinding(epoch,
				(previous.isEmpty() || previous.equals(gateId)) ? Optional.empty() : Optional.of(previous));
	}

	String nodeKey(long userId, String group) {
		return this.prefix + ":u:{" + userId + "}:node:" + group;
	}

	static String encode(LocatorEvent event) {
		String group = (event.group() != null) ? event.group() : "";
		return CODES.get(TYPES.indexOf(event.type())) + "\n" + event.userId() + "\n" + group + "\n"
				+ event.instanceId();
	}

	/** The event a message announces, or {@code null} if the message is not one of ours. */
	static LocatorEvent decode(String message) {
		String[] lines = message.split("\n", 4);
		if (lines.length != 4) {
			return null;
		}
		int code = CODES.indexOf(lines[0]);
		if (code < 0) {
			return null;
		}
		Type type = TYPES.get(code);
		if (type.isNode() == lines[2].isEmpty()) {
			return null;
		}
		try {
			return new LocatorEvent(type, Long.parseLong(lines[1]), type.isNode() ? lines[2] : null, lines[3]);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static String checkGroup(String group) {
		if (group == null || group.isEmpty() || group.indexOf('\n') >= 0) {
			throw new IllegalArgumentException("group: '" + group + "' (expected: not empty, no line breaks)");
		}
		return group;
	}

	static String checkId(String name, String id) {
		if (id == null || id.isEmpty()) {
			throw new IllegalArgumentException(name + ": '" + id + "' (expected: not empty)");
		}
		return id;
	}

}
