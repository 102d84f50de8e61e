from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "collegium.bodies"
    verbose_name = _("Bodies")

    def ready(self) -> None:
        # Declares this feature's journal codes (record() refuses undeclared ones).
        # The rules package makes sentences (standing orders, decisions) without Django;
        # give it Django's translation, so pages show them in the reader's language.
        from django.utils.formats import date_format, number_format
        from django.utils.translation import gettext, ngettext

        from collegium.bodies import codes  # noqa: F401
        from collegium.bodies.lost_seats import vacate_lost_seats
        from collegium.registry.signals import member_status_changed
        from collegium.rules import text

        # A member suspended or gone loses their seats (bodies/lost_seats.py).
        member_status_changed.connect(vacate_lost_seats, dispatch_uid="bodies.lost-seats")

        # Numbers in the rules' sentences with the reader's separators ("1.349" in German).
        # and dates in the language's one date format (collegium/formats/).
        text.install(
            gettext,
            ngettext,
            lambda value: number_format(value, force_grouping=True),
            lambda value: date_format(value, "DATE_FORMAT"),
        )
