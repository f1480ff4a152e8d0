/**
 * The {@code modelscale} command line: {@code simulate} runs one preset, {@code compare} runs several side by side,
 * both on the built-in scenario, printing a table and, with {@code --out}, writing CSV and Markdown.
 */
package io.modelscale.simulation.cli;
