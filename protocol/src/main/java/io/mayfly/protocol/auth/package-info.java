/**
 * The handshake both kinds of peer run (HMAC-SHA256 over both nonces and the role) and tokens. Checked by NullAway: nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.mayfly.protocol.auth;

import org.jspecify.annotations.NullMarked;
