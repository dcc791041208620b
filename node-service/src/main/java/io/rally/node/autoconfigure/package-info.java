/**
 * Spring Boot auto-configuration of a Rally node.
 */
package io.rally.node.autoconfigure;
