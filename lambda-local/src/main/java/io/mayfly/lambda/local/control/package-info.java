/** Listing, reclaiming, freezing and resuming instances, from Java or over HTTP under /mayfly-local/. */
@NullMarked
package io.mayfly.lambda.local.control;

import org.jspecify.annotations.NullMarked;
