"""Single transferable vote: the Scottish statutory count and Meek's method, with what they
share (exact tallies, look-back tie breaks, alternates)."""
