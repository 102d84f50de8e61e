from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def install_rules_text() -> None:
    """The rules package makes sentences (standing orders, decisions) without Django; give
    it Django's translation, the language's number separators ("1.349" in German) and its
    one date format (collegium/formats/), so pages show them in the reader's language."""
    from django.utils.formats import date_format, number_format
    from django.utils.translation import gettext, ngettext

    from collegium.rules import text

    text.install(
        gettext,
        ngettext,
        lambda value: number_format(value, force_grouping=True),
        lambda value: date_format(value, "DATE_FORMAT"),
    )


class BodiesConfig(AppConfig):
    name = "collegium.bodies"
    verbose_name = _("Bodies")

    def ready(self) -> None:
        # Declares this feature's journal codes (record() refuses undeclared ones).
        from collegium.bodies import codes  # noqa: F401
        from collegium.bodies.lost_seats import vacate_lost_seats
        from collegium.registry.signals import member_status_changed

        # A member suspended or gone loses their seats (bodies/lost_seats.py).
        member_status_changed.connect(vacate_lost_seats, dispatch_uid="bodies.lost-seats")
        install_rules_text()
