/**
 * What a run measured, data first: a {@link io.modelscale.simulation.report.Report} of named metrics with units and
 * a timeline, rendered as a table, CSV, Markdown or charts. Numbers are formatted with {@code Locale.ROOT}.
 */
package io.modelscale.simulation.report;
