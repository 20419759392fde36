/**
 * The comparison as terminal tables and as one self-contained HTML page whose charts are inline
 * SVG drawn here (no script library, nothing fetched).
 */
@NullMarked
package io.mayfly.benchmarks.report;

import org.jspecify.annotations.NullMarked;
