/** Expiry policies turned into the absolute expiry times the store keeps as metadata. */
package io.mayfly.jcache.expiry;
