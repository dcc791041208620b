package io.rally.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Locator#bindGate} recorded: the login's epoch and the gate the user was bound to
 * before, if another.
 *
 * <p>The epoch is taken from a counter per user that only grows: every call of
 * {@code bindGate} for a user returns a greater epoch than all before it, on any gate. A gate
 * keeps it with the session it bound, and an eviction carries it, so that a disconnect meant
 * for an older login never closes a newer one.
 *
 * @param epoch the epoch of this login, greater than that of every earlier login of the user
 * @param previousGate the gate the user was bound to before, if it was another gate
 */
public record GateBinding(long epoch, Optional<String> previousGate) {

	public GateBinding {
		if (epoch <= 0) {
			throw new IllegalArgumentException("epoch: " + epoch + " (expected: > 0)");
		}
		Objects.requireNonNull(previousGate, "previousGate");
	}

}
