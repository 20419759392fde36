/** Listing, reclaiming, freezing and resuming instances, from Java or over HTTP under /mayfly-local/. */
package io.mayfly.lambda.local.control;
