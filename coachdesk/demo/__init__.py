"""Synthetic caseloads for the demo, tests and benchmarks. Every person here is invented."""
