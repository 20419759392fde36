/** Entry events and their dispatch: synchronous in the caller, asynchronous in per-key order. */
package io.mayfly.jcache.event;
