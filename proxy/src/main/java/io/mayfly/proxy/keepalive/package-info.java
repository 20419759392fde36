/**
 * Keeping data alive on functions that Lambda may recycle: warm-ups, backups to a second instance,
 * repair of lost shards and the inventories that drive them.
 */
@NullMarked
package io.mayfly.proxy.keepalive;

import org.jspecify.annotations.NullMarked;
