package io.rally.cluster.grpc;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;

/**
 * Mutual TLS of the links between services, with the key, certificate chain and trusted
 * certificates of one Spring Boot SSL bundle: servers require a client certificate issued by
 * one of the trusted certificates, clients present the same identity and check that the
 * server's certificate is issued by one of them. What is checked is the issuer, not the host
 * name: instances reach each other by addresses from the registry (and mesh channels by
 * service name), so a certificate from the cluster's CA is what makes a member of the cluster.
 *
 * <p>The material sits in grpc-java's replaceable key and trust managers: when the bundle is
 * reloaded (for instance {@code spring.ssl.bundle.pem.<name>.reload-on-update=true}), new
 * connections use the renewed certificate; connections already open keep theirs.
 * Thread-safe.
 */
public final class LinkTls {

	private static final Log logger = LogFactory.getLog(LinkTls.class);

	private final String name;

	private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();

	private final AdvancedTlsX509TrustManager trustManager;

	private LinkTls(String name, SslBundle bundle) {
		this.name = name;
		try {
			this.trustManager = AdvancedTlsX509TrustManager.newBuilder()
				.setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not create the trust manager of the cluster links", ex);
		}
		update(bundle);
	}

	/**
	 * The TLS of the bundle {@code name} of {@code bundles}, following its reloads.
	 * @throws NoSuchSslBundleException if there is no such bundle
	 * @throws IllegalArgumentException if the bundle lacks a key, a certificate or trusted
	 * certificates
	 */
	public static LinkTls of(SslBundles bundles, String name) {
		LinkTls tls = new LinkTls(name, bundles.getBundle(name));
		bundles.addBundleUpdateHandler(name, tls::reload);
		return tls;
	}

	/** The TLS of one bundle as it is now; {@code name} only names it in messages. */
	public static LinkTls of(String name, SslBundle bundle) {
		return new LinkTls(name, bundle);
	}

	/** The name of the bundle. */
	public String bundleName() {
		return this.name;
	}

	/** Credentials of a server that requires a client certificate. */
	public ServerCredentials serverCredentials() {
		return TlsServerCredentials.newBuilder()
			.keyManager(this.keyManager)
			.trustManager(this.trustManager)
			.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
			.build();
	}

	/** Credentials of a client that presents its certificate. */
	public ChannelCredentials channelCredentials() {
		return TlsChannelCredentials.newBuilder().keyManager(this.keyManager).trustManager(this.trustManager).build();
	}

	private void reload(SslBundle bundle) {
		try {
			update(bundle);
			logger.info("Cluster links: SSL bundle '" + this.name + "' reloaded, new connections use it");
		}
		catch (RuntimeException ex) {
			logger.warn("Cluster links: could not use the reloaded SSL bundle '" + this.name
					+ "', keeping the previous certificates", ex);
		}
	}

	private void update(SslBundle bundle) {
		try {
			KeyStore keyStore = bundle.getStores().getKeyStore();
			KeyStore trustStore = bundle.getStores().getTrustStore();
			if (keyStore == null || trustStore == null) {
				throw new IllegalArgumentException("SSL bundle '" + this.name + "': needs a key store (certificate and "
						+ "private key) and a trust store (the cluster's CA) for mutual TLS");
			}
			String alias = keyAlias(keyStore, bundle.getKey());
			char[] password = password(bundle);
			PrivateKey key = (PrivateKey) keyStore.getKey(alias, password);
			Certificate[] chain = keyStore.getCertificateChain(alias);
			List<X509Certificate> trusted = new ArrayList<>();
			for (String entry : Collections.list(trustStore.aliases())) {
				if (trustStore.getCertificate(entry) instanceof X509Certificate certificate) {
					trusted.add(certificate);
				}
			}
			if (trusted.isEmpty()) {
				throw new IllegalArgumentException("SSL bundle '" + this.name + "': no trusted certificate");
			}
			X509Certificate[] x509Chain = new X509Certificate[chain.length];
			for (int i = 0; i < chain.length; i++) {
				x509Chain[i] = (X509Certificate) chain[i];
			}
			this.trustManager.updateTrustCredentials(trusted.toArray(X509Certificate[]::new));
			this.keyManager.updateIdentityCredentials(x509Chain, key);
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalArgumentException("SSL bundle '" + this.name + "': " + ex.getMessage(), ex);
		}
	}

	private String keyAlias(KeyStore keyStore, SslBundleKey key) throws GeneralSecurityException {
		if (key != null && key.getAlias() != null) {
			return key.getAlias();
		}
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				return alias;
			}
		}
		throw new IllegalArgumentException("SSL bundle '" + this.name + "': no private key");
	}

	private static char[] password(SslBundle bundle) {
		String password = (bundle.getKey() != null) ? bundle.getKey().getPassword() : null;
		if (password == null) {
			password = bundle.getStores().getKeyStorePassword();
		}
		return (password != null) ? password.toCharArray() : null;
	}

}
