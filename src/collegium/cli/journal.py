"""`collegium verify` and `collegium journal head`: check the journal's hash chains, and
print a chain's head as a checkpoint to keep."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from collegium.cli import app, console, fail, require_migrated, setup_django

if TYPE_CHECKING:
    from collegium.journal.models import JournalChain

journal = typer.Typer(help="The journal's chains: their heads, as checkpoints to keep.")
app.add_typer(journal, name="journal")

ORGANIZATION_HELP = "An organization's slug; without it, every chain is checked."


@app.command()
def verify(
    organization: str = typer.Option("", "--organization", help=ORGANIZATION_HELP),
    checkpoint: str = typer.Option(
        "", "--checkpoint", help="SEQUENCE:HASH kept from `journal head`: the chain must pass it."
    ),
    only_after: bool = typer.Option(
        False, "--only-after", help="Hash only the entries after the checkpoint."
    ),
) -> None:
    """Recompute the journal's hash chains; name the first entry that does not match."""
    setup_django()
    require_migrated()
    from collegium.journal.queries import Checkpoint, verify_all, verify_chain

    if (checkpoint or only_after) and not organization:
        fail("--checkpoint and --only-after check one chain: add --organization SLUG")
    if only_after and not checkpoint:
        fail("--only-after needs --checkpoint SEQUENCE:HASH")
    if not organization:
        results = verify_all()
    else:
        try:
            kept = Checkpoint.parse(checkpoint) if checkpoint else None
        except ValueError as refused:
            fail(str(refused))
        results = [verify_chain(_chain(organization), checkpoint=kept, only_after=only_after)]
    for result in results:
        if result.broken is not None:
            fail(
                f"journal {result.chain}: entry {result.broken.sequence} does not verify: "
                f"{result.broken.reason}"
            )
    for result in results:
        console.print(
            f"Journal {result.chain} intact: {result.checked:,} entries verified; "
            f"head {result.head.sequence}.",
            highlight=False,
        )


def _chain(slug: str) -> JournalChain:
    from collegium.journal.chain import INSTALLATION
    from collegium.journal.queries import chain_of
    from collegium.registry.models import Organization

    if slug == INSTALLATION:
        return chain_of(None)
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        fail(f"no organization with the slug {slug!r}")
    return chain_of(found.pk)


@journal.command("head")
def head(
    organization: str = typer.Option(
        ..., "--organization", help="An organization's slug, or @installation."
    ),
) -> None:
    """Print a chain's head as SEQUENCE:HASH; keep it, and later run
    `collegium verify --organization SLUG --checkpoint SEQUENCE:HASH`."""
    setup_django()
    require_migrated()
    from collegium.journal.queries import head_of

    console.print(str(head_of(_chain(organization))), highlight=False, soft_wrap=True)
