/**
 * Module {@code reports}: the results schema, statistics, figures and paper-style report of dira-bench, with no
 * deep-learning dependency.
 *
 * <p>Entry points: {@link org.dirabench.reports.ReportBuilder#build(java.nio.file.Path, ReportOptions)} for one run
 * folder, {@link org.dirabench.reports.ReportBuilder#compare(java.nio.file.Path, java.nio.file.Path, ReportOptions)}
 * for two side by side, and {@link org.dirabench.reports.results.ResultsCsv} to read and (atomically) write
 * {@code results.csv}. The input contract is {@code docs/FORMATS.md}.
 *
 * <p>Packages: {@code results} (the CSV schema and display names), {@code stats} (mean ± std over seeds, Welch's or
 * Student's t-test from commons-math3, the paper's significance marks), {@code paper} (the published numbers and
 * verdicts), {@code run} (manifests, curves, restoration examples, the plan and the state of each planned job),
 * {@code figures} (JFreeChart and Java2D figures as PNG and SVG), {@code render} (HTML, Markdown, LaTeX, CSV and
 * compare mode).
 */
package org.dirabench.reports;
