"""The hub's store: database engine and tables, the encrypted note store, keys, audit chain."""
