/** The {@code mayfly} command line: its local, deploy, status and destroy commands and their options. */
@NullMarked
package io.mayfly.cli;

import org.jspecify.annotations.NullMarked;
