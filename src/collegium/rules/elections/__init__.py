"""Elections: the ranked-ballot profile, every counting method, ties broken by lot, and the
result every count returns."""
