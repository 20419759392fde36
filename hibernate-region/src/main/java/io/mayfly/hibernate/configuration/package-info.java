/** The region factory's settings and the per-region-type defaults. */
package io.mayfly.hibernate.configuration;
