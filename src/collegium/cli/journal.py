"""`collegium verify`, `collegium journal head` and `collegium journal export`: check the
journal's hash chains (in the database, or an exported file offline), print a chain's
head as a checkpoint to keep, and write a chain to a file."""

from __future__ import annotations

import sys
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
    file: str = typer.Option(
        "",
        "--file",
        help="An exported journal (`journal export`, or the journal page's export) to "
        "check offline, without the database.",
    ),
) -> None:
    """Recompute the journal's hash chains; name the first entry that does not match."""
    if file:
        if organization or only_after:
            fail("--file checks the chain in the file: leave out --organization and --only-after")
        _verify_file(file, checkpoint)
        return
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


def _verify_file(path: str, checkpoint: str) -> None:
    from collegium.journal.exported import ExportFileError, check_export, read_lines

    try:
        result = check_export(read_lines(path))
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror or error}")
    except ExportFileError as refused:
        fail(f"{path}: {refused}")
    if result.broken is not None:
        fail(
            f"journal {result.chain} in {path}: entry {result.broken.sequence} does not "
            f"verify: {result.broken.reason}"
        )
    if checkpoint:
        kept_sequence, _sep, kept_hash = checkpoint.strip().partition(":")
        head_sequence, _sep, head_hash = result.head.partition(":")
        # The file's head must be the checkpoint or come after it; an earlier head
        # cannot show that the chain passed through it.
        if not kept_sequence.isdigit() or int(kept_sequence) > int(head_sequence):
            fail(f"the file ends at {result.head}, before the checkpoint {checkpoint}")
        if int(kept_sequence) == int(head_sequence) and kept_hash.lower() != head_hash:
            fail(f"the file does not pass through the checkpoint {checkpoint}")
    withheld = f" and {result.withheld:,} withheld entries linked" if result.withheld else ""
    console.print(
        f"Journal {result.chain} in {path} intact: {result.shown:,} entries verified"
        f"{withheld}; head {result.head}.",
        highlight=False,
        soft_wrap=True,
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


@journal.command("export")
def export(
    organization: str = typer.Option(
        ..., "--organization", help="An organization's slug, or @installation."
    ),
    output: str = typer.Option(
        "-", "--output", "-o", help="The file to write; '-' (the default) writes to stdout."
    ),
) -> None:
    """Write a chain, every entry in full, as JSON lines that `collegium verify --file`
    checks offline."""
    setup_django()
    require_migrated()
    from collegium.journal.queries import export_lines

    chain = _chain(organization)
    lines = export_lines(chain, visible=None, may_see=lambda _audience, _body: True)
    if output == "-":
        for line in lines:
            sys.stdout.write(line)
        return
    try:
        with open(output, "w", encoding="utf-8") as target:
            target.writelines(lines)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    console.print(f"Journal {chain.key} written to {output}.", highlight=False)
