package io.rally.cluster.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.proto.ClientMessageMsg;
import io.rally.cluster.proto.GateFrame;
import io.rally.cluster.proto.NodeFrame;
import io.rally.cluster.proto.PacketMsg;
import io.rally.cluster.proto.SessionEventMsg;
import io.rally.protocol.Packet;

/**
 * Conversions between the contracts of {@code io.rally.cluster} and their protobuf messages.
 * Outgoing payloads are wrapped, not copied: a message and a packet own their payload and
 * nobody changes it after construction. A message's return path does not travel: the
 * receiving end sets its own.
 */
final class Protos {

	/** Protobuf and frame overhead counted per item when a frame's size is estimated. */
	static final int ITEM_OVERHEAD = 64;

	private Protos() {
	}

	/** Builds the frames of a stream to a node from messages and session events. */
	static FrameQueue.Framer<Object, GateFrame> gateFramer() {
		return new FrameQueue.Framer<>() {

			private GateFrame.Builder frame = GateFrame.newBuilder();

			@Override
			public void add(Object item) {
				if (item instanceof ClientMessage message) {
					this.frame.addItemsBuilder().setMessage(message(message));
				}
				else {
					this.frame.addItemsBuilder().setEvent(event((SessionEvent) item));
				}
			}

			@Override
			public GateFrame build() {
				GateFrame built = this.frame.build();
				this.frame = GateFrame.newBuilder();
				return built;
			}

		};
	}

	static int weight(Object item) {
		return (item instanceof ClientMessage message) ? message.payload().length + ITEM_OVERHEAD : ITEM_OVERHEAD;
	}

	/** Builds the frames of a stream back to a gate from packets for its connections. */
	static FrameQueue.Framer<Push, NodeFrame> nodeFramer() {
		return new FrameQueue.Framer<>() {

			private NodeFrame.Builder frame = NodeFrame.newBuilder();

			@Override
			public void add(Push push) {
				this.frame.addPushesBuilder().setConnectionId(push.connectionId()).setPacket(packet(push.packet()));
			}

			@Override
			public NodeFrame build() {
				NodeFrame built = this.frame.build();
				this.frame = NodeFrame.newBuilder();
				return built;
			}

		};
	}

	static ClientMessageMsg message(ClientMessage message) {
		return ClientMessageMsg.newBuilder()
			.setGateId(message.gateId())
			.setConnectionId(message.connectionId())
			.setUserId(message.userId())
			.setClientIp(nullToEmpty(message.clientIp()))
			.setRoute(message.route())
			.setSeq(message.seq())
			.setPayload(wrap(message.payload()))
			.build();
	}

	/** The message that arrived on a stream whose replies take {@code returnPath} ({@code null} for none). */
	static ClientMessage message(ClientMessageMsg message, ReturnPath returnPath) {
		return new ClientMessage(message.getGateId(), message.getConnectionId(), message.getUserId(),
				message.getClientIp(), message.getRoute(), message.getSeq(), message.getPayload().toByteArray(),
				returnPath);
	}

	static SessionEventMsg event(SessionEvent event) {
		return SessionEventMsg.newBuilder()
			.setType(switch (event.type()) {
				case CONNECT -> SessionEventMsg.Type.CONNECT;
				case RECONNECT -> SessionEventMsg.Type.RECONNECT;
				case DISCONNECT -> SessionEventMsg.Type.DISCONNECT;
			})
			.setGateId(event.gateId())
			.setConnectionId(event.connectionId())
			.setUserId(event.userId())
			.setClientIp(nullToEmpty(event.clientIp()))
			.build();
	}

	static SessionEvent event(SessionEventMsg event) {
		SessionEvent.Type type = switch (event.getType()) {
			case CONNECT -> SessionEvent.Type.CONNECT;
			case RECONNECT -> SessionEvent.Type.RECONNECT;
			case DISCONNECT -> SessionEvent.Type.DISCONNECT;
			default -> throw new IllegalArgumentException("Unknown session event type: " + event.getTypeValue());
		};
		return new SessionEvent(type, event.getGateId(), event.getConnectionId(), event.getUserId(),
				event.getClientIp());
	}

	static PacketMsg packet(Packet packet) {
		return PacketMsg.newBuilder()
			.setRoute(packet.route())
			.setSeq(packet.seq())
			.setPayload(wrap(packet.payload()))
			.setExtcode(packet.extcode())
			.build();
	}

	static Packet packet(PacketMsg packet) {
		return new Packet(packet.getRoute(), packet.getSeq(), packet.getPayload().toByteArray(), packet.getExtcode());
	}

	private static ByteString wrap(byte[] bytes) {
		return (bytes.length != 0) ? UnsafeByteOperations.unsafeWrap(bytes) : ByteString.EMPTY;
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	/** A packet for one connection of the gate at the other end of a stream. */
	record Push(long connectionId, Packet packet) {

		int weight() {
			return this.packet.payload().length + ITEM_OVERHEAD;
		}

	}

}
