/** The little JSON this service writes and the payload syntax check Lambda applies. */
@NullMarked
package io.mayfly.lambda.local.json;

import org.jspecify.annotations.NullMarked;
