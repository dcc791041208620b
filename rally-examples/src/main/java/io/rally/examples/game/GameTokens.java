package io.rally.examples.game;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login tokens {@code <userId>.<expiry>.<signature>}: the expiry in epoch seconds, the signature
 * an HMAC-SHA256 of {@code <userId>.<expiry>} with a secret shared by whoever issues tokens (in
 * a real game the account service, after a password or platform login) and the nodes that
 * check them. A token proves who the user is without a call to the account service on every
 * login. Thread-safe.
 */
public final class GameTokens {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final Clock clock;

	public GameTokens(String secret, Clock clock) {
		if (secret == null || secret.length() < 16) {
			throw new IllegalArgumentException("secret: " + ((secret != null) ? secret.length() : 0)
					+ " characters (expected: at least 16)");
		}
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
		this.clock = clock;
	}

	/** A token for {@code userId} that expires {@code ttl} from now. */
	public String issue(long userId, Duration ttl) {
		if (userId <= 0) {
			throw new IllegalArgumentException("userId: " + userId + " (expected: > 0)");
		}
		long expiry = this.clock.instant().plus(ttl).getEpochSecond();
		String claims = userId + "." + expiry;
		return claims + "." + sign(claims);
	}

	/**
	 * The user a token was issued for.
	 * @throws InvalidTokenException if the token is malformed, forged or expired
	 */
	public long verify(String token) {
		if (token == null) {
			throw new InvalidTokenException("no token");
		}
		int second = token.lastIndexOf('.');
		int first = (second > 0) ? token.lastIndexOf('.', second - 1) : -1;
		if (first <= 0) {
			throw new InvalidTokenException("malformed token");
		}
		String claims = token.substring(0, second);
		byte[] expected = sign(claims).getBytes(StandardCharsets.US_ASCII);
		byte[] given = token.substring(second + 1).getBytes(StandardCharsets.US_ASCII);
		// constant time, so that the signature cannot be guessed byte by byte from response times
		if (!MessageDigest.isEqual(expected, given)) {
			throw new InvalidTokenException("bad signature");
		}
		long userId;
		long expiry;
		try {
			userId = Long.parseLong(claims.substring(0, first));
			expiry = Long.parseLong(claims.substring(first + 1));
		}
		catch (NumberFormatException ex) {
			throw new InvalidTokenException("malformed token");
		}
		if (userId <= 0) {
			throw new InvalidTokenException("bad user id");
		}
		if (this.clock.instant().getEpochSecond() >= expiry) {
			throw new InvalidTokenException("token expired");
		}
		return userId;
	}

	private String sign(String claims) {
		try {
			// a Mac is not thread-safe; a new one costs less than contention on a shared one
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			byte[] signature = mac.doFinal(claims.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** A token that does not prove who the user is. */
	public static final class InvalidTokenException extends RuntimeException {

		InvalidTokenException(String message) {
			super(message);
		}

	}

}
