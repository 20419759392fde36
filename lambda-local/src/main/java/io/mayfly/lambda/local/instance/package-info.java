/**
 * Function instances and Lambda's rules over them: scaling up to the concurrency limit, warm
 * reuse, timeouts that kill, idle reclaim, maximum lifetime, cold-start delay, freeze. Instances
 * are child JVMs ({@code ProcessInstance}) or threads with a class loader each ({@code ThreadInstance}).
 */
@NullMarked
package io.mayfly.lambda.local.instance;

import org.jspecify.annotations.NullMarked;
