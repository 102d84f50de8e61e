"""Yes/no/abstain questions: the tally, majority rules, quorum, and the decision with the
one-sentence explanation of it."""
