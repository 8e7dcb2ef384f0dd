"""What the hub does for a person (notes, claims, accounts, audit, fleet), over the store."""
