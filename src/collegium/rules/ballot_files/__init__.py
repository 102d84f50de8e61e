"""Ranked-ballot files: BLT (the STV programs' format), CSV and JSON."""
