"""Reading and checking the journal: the journal page and API, each reader shown only the
entries they may see, the chain check, and checkpoints a reader keeps to check later that
nothing before them changed. Above access (who may see what); the journal itself is below."""
