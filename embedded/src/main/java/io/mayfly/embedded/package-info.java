/** The embedded store: a proxy and lambda-local started in this JVM, and the function code they run. */
@NullMarked
package io.mayfly.embedded;

import org.jspecify.annotations.NullMarked;
