/** The Runtime API (2018-06-01) that process-mode instances' runtime interface client talks to. */
@NullMarked
package io.mayfly.lambda.local.runtime;

import org.jspecify.annotations.NullMarked;
