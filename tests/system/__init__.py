"""System tests: the whole demo path, with every process of the product running."""
