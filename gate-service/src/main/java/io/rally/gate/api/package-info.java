/**
 * The gate as other code sees it: its servers, one per transport, and the vocabulary of its
 * settings. Nothing here depends on Netty.
 */
package io.rally.gate.api;
