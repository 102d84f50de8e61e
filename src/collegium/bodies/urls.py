"""This feature's pages. Names are global (see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.bodies import views
from collegium.bodies.adopting import views as adopting
from collegium.bodies.exports import views as exports
from collegium.bodies.offices import views as offices
from collegium.bodies.secretaries import views as secretaries
from collegium.bodies.setup import views as setup

BODY = "o/<slug:org_slug>/bodies/<slug:body_slug>/"
OFFICE = BODY + "offices/<slug:office_slug>/"

urlpatterns: list[URLPattern] = [
    # Not under bodies/: a body may be named "new".
    path("o/<slug:org_slug>/new-body/", setup.new_body, name="body-new"),
    path(BODY, views.body_page, name="body"),
    path(BODY + "edit/", setup.edit_body, name="body-edit"),
    path(BODY + "dissolve/", setup.dissolve, name="body-dissolve"),
    path(BODY + "seats/", views.seat, name="body-seat"),
    # Vacating: find the seat (GET), then confirm on the seat's own page (GET, POST).
    path(BODY + "vacate/", views.find_seat, name="body-vacate"),
    path(BODY + "seats/<int:seat_id>/vacate/", views.vacate, name="body-vacate-seat"),
    path(BODY + "seats/<int:seat_id>/weight/", views.reweigh, name="body-reweigh-seat"),
    path(BODY + "secretaries/", secretaries.add, name="body-secretary-add"),
    path(BODY + "secretaries/remove/", secretaries.remove, name="body-secretary-remove"),
    path(BODY + "offices/", offices.offices, name="body-offices"),
    path(BODY + "offices/new/", offices.new_office, name="body-office-new"),
    path(OFFICE + "appoint/", offices.appoint, name="body-office-appoint"),
    path(OFFICE + "end/", offices.end_term, name="body-office-end"),
    # Changing the standing orders: the form, then what changes and adopt.
    path(BODY + "standing-orders/", adopting.change_orders, name="body-orders"),
    path(BODY + "standing-orders/confirm/", adopting.confirm_orders, name="body-orders-confirm"),
    path(BODY + "composition.csv", exports.composition_as_csv, name="body-composition-csv"),
    path(BODY + "composition.pdf", exports.composition_as_pdf, name="body-composition-pdf"),
]
