/** The service's one loopback HTTP port and its routing. */
@NullMarked
package io.mayfly.lambda.local.http;

import org.jspecify.annotations.NullMarked;
