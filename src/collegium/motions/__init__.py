"""Motions (draft resolutions), their supporters and amendments, referral to a commission
and its recommendation, and the vote that decides them. Built on `voting`, which never
imports this package (docs/motions.md)."""
