/**
 * The proxy's side of the function nodes: invoking them, their sessions and connections, their
 * states and billing windows.
 */
@NullMarked
package io.mayfly.proxy.node;

import org.jspecify.annotations.NullMarked;
