"""The DPIA evidence pack (``python -m hub evidence``): gathered from the running hub's
configuration, schema, audit chain and registry, and from the last test run's JUnit XML,
then written as one Swedish HTML document and its PDF."""
