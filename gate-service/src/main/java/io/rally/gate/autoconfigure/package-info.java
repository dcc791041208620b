/**
 * The gate's Spring Boot auto-configuration and its {@code rally.gate.*} properties. Public
 * API: the properties classes, and the beans it defines, each of which backs off when the
 * application defines its own. The beans a user calls or replaces are typed by their {@code
 * api} interface; the others are internal, and their {@code @Bean} methods package-private.
 */
package io.rally.gate.autoconfigure;
