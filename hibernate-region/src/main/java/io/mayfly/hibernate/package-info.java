/**
 * Hibernate ORM's second-level cache on Mayfly: the region factory, its storage per region, and
 * the update-timestamps region that never reads a lost timestamp as "never updated".
 */
@NullMarked
package io.mayfly.hibernate;

import org.jspecify.annotations.NullMarked;
