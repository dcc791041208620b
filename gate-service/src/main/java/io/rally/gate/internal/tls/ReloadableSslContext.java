package io.rally.gate.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The gate's server SSL context, built from PEM files and swapped for a new one when they
 * change. Each connection takes the context current when it is accepted and keeps it, so a
 * reload serves the new certificate to new connections and leaves open ones alone.
 *
 * <p>A change is noticed by the files' identity, modification time and size, which is cheap
 * enough to check every few seconds. New files that do not make a working context (half
 * written, a key that does not match, a bad password) are logged once and the current context
 * stays; the next change is tried again. Thread-safe.
 */
public final class ReloadableSslContext {

	private static final Log logger = LogFactory.getLog(ReloadableSslContext.class);

	private final ServerTlsSettings settings;

	private final HandshakeFailureLog handshakeFailures = new HandshakeFailureLog();

	private final AtomicReference<Loaded> current = new AtomicReference<>();

	private Fingerprint failed;

	/**
	 * Loads the context now.
	 * @throws IllegalStateException if the files do not make a working context
	 */
	public ReloadableSslContext(ServerTlsSettings settings) {
		this.settings = settings;
		Fingerprint fingerprint = fingerprint();
		try {
			this.current.set(load(fingerprint));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not load the gate's TLS certificate " + settings.certificate()
					+ " and key " + settings.privateKey() + ": " + ex.getMessage(), ex);
		}
		logger.info("Gate TLS: " + describe(this.current.get()));
	}

	/** The certificate new connections are served. */
	public X509Certificate certificate() {
		return this.current.get().certificate();
	}

	/**
	 * Loads the files again if they changed since the last load or the last failed attempt.
	 * @return whether new connections now get a new context
	 */
	public synchronized boolean reloadIfChanged() {
		Fingerprint fingerprint = fingerprint();
		if (fingerprint.equals(this.current.get().fingerprint()) || fingerprint.equals(this.failed)) {
			return false;
		}
		Loaded loaded;
		try {
			loaded = load(fingerprint);
		}
		catch (Exception ex) {
			this.failed = fingerprint;
			logger.warn("Could not reload the gate's TLS certificate " + this.settings.certificate() + " and key "
					+ this.settings.privateKey() + "; new connections keep getting the current one until the files"
					+ " change again: " + ex);
			return false;
		}
		this.failed = null;
		this.current.set(loaded);
		logger.info("Gate TLS reloaded: " + describe(loaded));
		return true;
	}

	/**
	 * Wraps a transport's channel initializer so that TLS comes first in every pipeline it
	 * builds.
	 */
	public ChannelHandler initializer(ChannelHandler transportInitializer) {
		return new TlsChannelInitializer(this, transportInitializer);
	}

	SslHandler newHandler(ByteBufAllocator allocator) {
		SslHandler handler = this.current.get().context().newHandler(allocator);
		handler.setHandshakeTimeoutMillis(this.settings.handshakeTimeout().toMillis());
		return handler;
	}

	TlsHandshakeHandler newHandshakeHandler() {
		return new TlsHandshakeHandler(this.handshakeFailures);
	}

	private Loaded load(Fingerprint fingerprint) throws Exception {
		X509Certificate[] chain = PemFiles.readChain(this.settings.certificate().toFile());
		PrivateKey key = PemFiles.readKey(this.settings.privateKey().toFile(), this.settings.privateKeyPassword());
		PemFiles.checkMatch(key, chain[0]);
		SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
			.protocols(this.settings.protocols())
			.ciphers(this.settings.ciphers().isEmpty() ? null : this.settings.ciphers(),
					SupportedCipherSuiteFilter.INSTANCE);
		if (this.settings.provider() != null) {
			builder.sslProvider(this.settings.provider());
		}
		SslContext context = builder.build();
		if (context.cipherSuites().isEmpty()) {
			throw new GeneralSecurityException(
					"ciphers: " + this.settings.ciphers() + " (expected: at least one the TLS provider supports)");
		}
		return new Loaded(context, fingerprint, chain[0]);
	}

	private Fingerprint fingerprint() {
		return new Fingerprint(FileState.of(this.settings.certificate()), FileState.of(this.settings.privateKey()));
	}

	private String describe(Loaded loaded) {
		X509Certificate certificate = loaded.certificate();
		return certificate.getSubjectX500Principal().getName() + ", serial " + certificate.getSerialNumber().toString(16)
				+ ", valid until " + certificate.getNotAfter().toInstant() + ", "
				+ loaded.context().getClass().getSimpleName() + ", protocols " + this.settings.protocols();
	}

	private record Loaded(SslContext context, Fingerprint fingerprint, X509Certificate certificate) {
	}

	private record Fingerprint(FileState certificate, FileState privateKey) {
	}

	/** What identifies one version of a file; a missing or unreadable file is a state too. */
	private record FileState(Object fileKey, long modifiedNanos, long size, String problem) {

		static FileState of(Path path) {
			try {
				BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
				return new FileState(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
						attributes.size(), null);
			}
			catch (NoSuchFileException ex) {
				return new FileState(null, 0, -1, "missing");
			}
			catch (IOException ex) {
				return new FileState(null, 0, -1, ex.toString());
			}
		}

	}

}
