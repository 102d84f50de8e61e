"""One chain per organization (step 2 of 3): move every existing entry into its chain.

The single chain is verified first, with the hash it was written with; a broken chain is
refused rather than re-hashed, so that re-chaining can never launder an alteration. Each
entry then gets its chain, its place in that chain, its audience and its body, and is
hashed anew in the format of journal/chain.py. The installation's entries (accounts,
tokens, organizations created) form a chain of their own.

Frozen here (not imported) is what may change later: the old hash, and each code's
audience as it was declared when this migration was written."""

import hashlib
import json
from datetime import UTC

from django.db import migrations

GENESIS = "0" * 64
INSTALLATION = "@installation"
INSTALLATION_CODES = {
    "access.account.created": "operators",
    "access.operator.created": "operators",
    "access.token.issued": "operators",
    "access.token.revoked": "operators",
    "organization.created": "public",
}
ORGANIZATION_CODES = {
    "organization.admin.added": "organization-staff",
    "register.member.added": "organization-staff",
    "register.member.status_changed": "organization-staff",
    "register.member.login_linked": "organization-staff",
    "register.import": "organization-staff",
    "body.created": "public",
    "body.secretary.added": "body-staff",
    "body.seat.assigned": "members",
    "body.seat.vacated": "members",
    "body.alternate.stepped_up": "members",
    "body.office.created": "members",
    "body.office.appointed": "members",
    "body.office.term_ended": "members",
    "body.orders.adopted": "public",
}


def _stamp(moment):  # type: ignore[no-untyped-def]
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _canonical(values):  # type: ignore[no-untyped-def]
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _old_hash(e):  # type: ignore[no-untyped-def]
    return _canonical(
        [e.sequence, _stamp(e.recorded_at), e.actor, e.code, e.object_type, e.object_id,
         e.payload, e.previous_hash]
    )


def _new_hash(key, sequence, e, audience, body_id, previous):  # type: ignore[no-untyped-def]
    return _canonical(
        [key, sequence, _stamp(e.recorded_at), e.actor, "", e.code, audience, body_id,
         e.object_type, e.object_id, e.payload, previous]
    )


def rechain(apps, schema_editor):  # type: ignore[no-untyped-def]
    Entry = apps.get_model("journal", "JournalEntry")
    Chain = apps.get_model("journal", "JournalChain")
    Organization = apps.get_model("registry", "Organization")
    Body = apps.get_model("bodies", "Body")

    chains = {None: Chain.objects.create(key=INSTALLATION, last_sequence=0, last_hash=GENESIS)}
    for organization in Organization.objects.order_by("pk"):
        chains[organization.pk] = Chain.objects.create(
            key=organization.slug, organization=organization, last_sequence=0, last_hash=GENESIS
        )
    bodies = {(b.organization_id, b.slug): b.pk for b in Body.objects.all()}

    previous_old = GENESIS
    expected = 1
    batch = []
    for e in Entry.objects.order_by("sequence").iterator(chunk_size=2000):
        if e.sequence != expected or e.previous_hash != previous_old or _old_hash(e) != e.hash:
            raise RuntimeError(
                f"journal entry {e.sequence} does not verify; the journal is not re-chained "
                "(restore it from a backup, then migrate)"
            )
        previous_old, expected = e.hash, expected + 1
        installation = e.code in INSTALLATION_CODES or e.organization_id is None
        chain = chains[None if installation else e.organization_id]
        codes = INSTALLATION_CODES if installation else ORGANIZATION_CODES
        if e.code not in codes:
            raise RuntimeError(f"journal entry {e.sequence} has an unknown code {e.code}")
        audience = codes[e.code]
        body_id = None
        if e.code == "body.created" or e.code == "body.secretary.added":
            body_id = int(e.object_id)
        elif e.code.startswith("body.") and isinstance(e.payload, dict):
            body_id = bodies.get((e.organization_id, e.payload.get("body")))
        chain.last_sequence += 1
        digest = _new_hash(chain.key, chain.last_sequence, e, audience, body_id, chain.last_hash)
        e.chain_id, e.sequence, e.audience, e.body_id = chain.pk, chain.last_sequence, audience, body_id
        e.previous_hash, e.hash = chain.last_hash, digest
        chain.last_hash = digest
        batch.append(e)
        if len(batch) >= 2000:
            _save(Entry, batch)
            batch = []
    _save(Entry, batch)
    for chain in chains.values():
        chain.save(update_fields=["last_sequence", "last_hash"])


def _save(Entry, batch):  # type: ignore[no-untyped-def]
    # New hashes are unique, but may equal an old hash of a row not yet rewritten in a
    # batch; write a placeholder first so the unique index never sees two equal hashes.
    fields = ["chain", "sequence", "audience", "body_id", "previous_hash", "hash"]
    final = [(e.hash, e) for e in batch]
    for _digest, e in final:
        e.hash = "~" + str(e.pk)
    Entry.objects.bulk_update(batch, ["hash"])
    for digest, e in final:
        e.hash = digest
    Entry.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_chains")]
    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
