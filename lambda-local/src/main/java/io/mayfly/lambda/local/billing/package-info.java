/** What a run would cost on Lambda: requests and billed duration x memory, per function and instance. */
@NullMarked
package io.mayfly.lambda.local.billing;

import org.jspecify.annotations.NullMarked;
