package io.rally.examples.basics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.node.api.RallyController;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;
import io.rally.node.api.SessionInfo;
import io.rally.node.api.SessionListener;

/**
 * Chat rooms: join, leave, and say something to everyone in the room with one multicast.
 * Members leave their rooms when their connection closes.
 *
 * <p>Membership lives in this node's memory, which is right for one node (standalone mode).
 * With several nodes serving these stateless routes, members would be spread over them: a game
 * in a cluster keeps a room on one node with stateful routes, or uses channels, as the example
 * game does ({@code io.rally.examples.game.BattleController}).
 */
@RallyController
public class ChatRoomController implements SessionListener {

	/** Joins a room. */
	public static final int JOIN = 10;

	/** Leaves a room. */
	public static final int LEAVE = 11;

	/** Says something to the room. */
	public static final int SAY = 12;

	/** The push every member receives for a message said in the room. */
	public static final int MESSAGE = 13;

	private final Map<String, Set<Long>> rooms = new ConcurrentHashMap<>();

	@Route(value = JOIN, authorized = true)
	public RoomReply join(RequestContext context, RoomRequest request) {
		Set<Long> members = this.rooms.computeIfAbsent(roomName(request.room()), (name) -> ConcurrentHashMap.newKeySet());
		members.add(context.userId());
		return new RoomReply(request.room(), members.size());
	}

	@Route(value = LEAVE, authorized = true)
	public RoomReply leave(RequestContext context, RoomRequest request) {
		Set<Long> members = this.rooms.getOrDefault(roomName(request.room()), Set.of());
		members.remove(context.userId());
		return new RoomReply(request.room(), members.size());
	}

	@Route(value = SAY, authorized = true)
	public RoomReply say(RequestContext context, SayRequest request) {
		Set<Long> members = this.rooms.get(roomName(request.room()));
		if (members == null || !members.contains(context.userId())) {
			throw new RallyException(403, "not a member of room '" + request.room() + "'");
		}
		context.messenger().multicast(Set.copyOf(members), MESSAGE,
				new RoomMessage(request.room(), context.userId(), request.text()));
		return new RoomReply(request.room(), members.size());
	}

	@Override
	public void onDisconnect(SessionInfo session) {
		if (session.userId() != 0) {
			this.rooms.values().forEach((members) -> members.remove(session.userId()));
		}
	}

	private static String roomName(String room) {
		if (room == null || room.isBlank()) {
			throw new RallyException(400, "room must be named");
		}
		return room;
	}

	/** Names a room. */
	public record RoomRequest(String room) {
	}

	/** A message for a room. */
	public record SayRequest(String room, String text) {
	}

	/** The room and how many members it has now. */
	public record RoomReply(String room, int members) {
	}

	/** What members of a room receive. */
	public record RoomMessage(String room, long from, String text) {
	}

}
