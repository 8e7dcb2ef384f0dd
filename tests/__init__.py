"""Tests, harnesses and benchmarks; none of it ships in the product."""
