/** The region factory's settings and the per-region-type defaults. */
@NullMarked
package io.mayfly.hibernate.configuration;

import org.jspecify.annotations.NullMarked;
