"""Votes on a question at a sitting: opening, casting, closing, and the ballot box.

A vote is on a generic question (adopting the agenda, a procedural question; later a
motion or an amendment, whose package imports this one, never the reverse). Counting is
done by collegium.rules. See docs/voting.md.
"""
