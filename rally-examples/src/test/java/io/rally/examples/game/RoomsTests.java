package io.rally.examples.game;

import io.rally.examples.game.GameProtocol.RoomView;
import io.rally.examples.game.GameProtocol.Seat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Matchmaking fills one room before opening the next; rooms name their node. */
class RoomsTests {

	final Rooms rooms = new Rooms("battle-1", 10);

	@Test
	void playersOfAQueueShareARoomUntilItIsFull() {
		Seat first = this.rooms.seat("duel", 1);
		Seat again = this.rooms.seat("duel", 1);
		Seat second = this.rooms.seat("duel", 2);
		Seat third = this.rooms.seat("duel", 3);
		Seat otherQueue = this.rooms.seat("ranked", 4);

		assertThat(again).isEqualTo(first);
		assertThat(second.roomId()).isEqualTo(first.roomId());
		assertThat(third.roomId()).isNotEqualTo(first.roomId());
		assertThat(otherQueue.roomId()).isNotIn(first.roomId(), third.roomId());
		assertThat(first.host()).isEqualTo("battle-1");
		assertThat(Rooms.hostOf(first.roomId())).isEqualTo("battle-1");
		assertThat(this.rooms.open("duel")).singleElement()
			.satisfies((room) -> assertThat(room.roomId()).isEqualTo(third.roomId()));
	}

	@Test
	void roundStartsWhenEverySeatIsTakenAndResumeMovesThePlayer() {
		Room room = this.rooms.find(this.rooms.seat("duel", 1).roomId());
		this.rooms.seat("duel", 2);

		assertThat(this.rooms.join(room, 1, "gate-a/1").state()).isEqualTo("WAITING");
		RoomView started = this.rooms.join(room, 2, "gate-b/5");
		assertThat(started.state()).isEqualTo("PLAYING");
		assertThat(started.turn()).isEqualTo(1);
		assertThat(this.rooms.of(2)).isSameAs(room);

		room.resume(1, "gate-b/9");
		assertThat(room.playsFrom(1, "gate-a/1")).isFalse();
		assertThat(room.playsFrom(1, "gate-b/9")).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> room.leave(1)).withMessage("the round is on");
	}

	@Test
	void joiningWithoutASeatIsRefused() {
		Room room = this.rooms.find(this.rooms.seat("duel", 1).roomId());

		assertThatIllegalStateException().isThrownBy(() -> this.rooms.join(room, 2, "gate-a/2"))
			.withMessageContaining("no seat");
		assertThat(this.rooms.of(2)).isNull();
	}

	@Test
	void roomIsForgottenWhenItsLastPlayerLeaves() {
		Room room = this.rooms.find(this.rooms.seat("duel", 1).roomId());
		this.rooms.join(room, 1, "gate-a/1");

		room.leave(1);
		this.rooms.left(1, room);

		assertThat(this.rooms.find(room.id())).isNull();
		assertThat(this.rooms.of(1)).isNull();
		assertThat(Rooms.hostOf("no-slash")).isNull();
	}

}
