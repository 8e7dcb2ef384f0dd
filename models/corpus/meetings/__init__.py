"""One module per scripted meeting; each defines ``SCRIPT``."""
