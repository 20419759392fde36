/** Bringing Lambda functions (on AWS or lambda-local) to a desired state through the control-plane API. */
@NullMarked
package io.mayfly.cli.deploy;

import org.jspecify.annotations.NullMarked;
