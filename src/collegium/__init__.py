"""Collegium: congresses, committees and member ballots under enforced standing orders."""

__version__ = "0.1.0"
