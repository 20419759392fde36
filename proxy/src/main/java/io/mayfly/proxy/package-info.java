/**
 * The proxy: the client and node ports, the store coordinator that splits values into shards and
 * places them on function nodes, leases, admission and its settings.
 */
@NullMarked
package io.mayfly.proxy;

import org.jspecify.annotations.NullMarked;
