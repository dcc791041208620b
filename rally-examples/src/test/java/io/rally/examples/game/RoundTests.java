package io.rally.examples.game;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The rules of a round: turns in seat order, steps of 1 to 3, the target exactly. */
class RoundTests {

	final Round round = new Round(List.of(7L, 8L), 10);

	@Test
	void playersMoveInSeatOrderAndWhoeverReachesTheTargetWins() {
		assertThat(this.round.turn()).isEqualTo(7);
		this.round.move(7, 3);
		assertThat(this.round.turn()).isEqualTo(8);
		this.round.move(8, 3);
		this.round.move(7, 3);
		assertThat(this.round.isOver()).isFalse();
		this.round.move(8, 1);

		assertThat(this.round.isOver()).isTrue();
		assertThat(this.round.winner()).isEqualTo(8);
		assertThat(this.round.total()).isEqualTo(10);
		assertThat(this.round.moves()).isEqualTo(4);
		assertThat(this.round.turn()).isZero();
	}

	@Test
	void moveOutOfTurnIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.round.move(8, 1)).withMessage("not your turn");
		assertThatIllegalStateException().isThrownBy(() -> this.round.move(99, 1)).withMessage("not your turn");
		assertThat(this.round.moves()).isZero();
	}

	@Test
	void stepsOutsideOneToThreeOrPastTheTargetAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.round.move(7, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.round.move(7, 4));
		this.round.move(7, 3);
		this.round.move(8, 3);
		this.round.move(7, 2);
		assertThatIllegalArgumentException().isThrownBy(() -> this.round.move(8, 3))
			.withMessageContaining("at most 2");
		assertThat(this.round.total()).isEqualTo(8);
	}

	@Test
	void noMoveAfterTheRoundIsOver() {
		Round short_ = new Round(List.of(7L, 8L), 2);
		short_.move(7, 2);

		assertThatIllegalStateException().isThrownBy(() -> short_.move(8, 1)).withMessage("the round is over");
		assertThat(short_.winner()).isEqualTo(7);
	}

	@Test
	void aRoundNeedsTwoPlayers() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Round(List.of(7L), 10));
	}

}
