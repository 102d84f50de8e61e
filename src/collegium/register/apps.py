from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "collegium.register"
    verbose_name = _("Decision register")

    def ready(self) -> None:
        # `codes` declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.journal.actions import on_record
        from collegium.register import codes  # noqa: F401
        from collegium.register.actions import entering
        from collegium.voting.actions.closing import after_close

        # Elections and orders changes are entered when they are journaled (bodies and
        # voting never import the register); a recall when its vote closes. Resolutions
        # are entered by motions, which imports the register.
        on_record("election.declared", entering.election_declared)
        on_record("body.orders.adopted", entering.orders_adopted)
        after_close(entering.recall_decided)
