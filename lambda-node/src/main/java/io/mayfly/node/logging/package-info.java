/**
 * The function's logging backend: SLF4J records as single lines on stdout, which Lambda sends to
 * CloudWatch. Registered only inside the deployable jar, so the module jar imposes no binding on
 * applications that have lambda-node on their class path.
 */
@NullMarked
package io.mayfly.node.logging;

import org.jspecify.annotations.NullMarked;
