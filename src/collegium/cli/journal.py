"""`collegium verify`: recompute the journal's hash chain."""

from __future__ import annotations

from collegium.cli import app, console, fail, setup_django


@app.command()
def verify() -> None:
    """Recompute the journal's hash chain; name the first entry that does not match."""
    setup_django()
    from collegium.journal.queries import verify_chain

    count, broken = verify_chain()
    if broken is not None:
        fail(f"journal entry {broken.sequence} does not verify: {broken.reason}")
    console.print(f"Journal intact: {count:,} entries verified.")
