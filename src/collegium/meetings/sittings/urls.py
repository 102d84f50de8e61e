"""This part's pages (URL names are global, see collegium/urls.py)."""

from django.urls import URLPattern, path

from collegium.meetings.sittings import views

BODY = "o/<slug:org_slug>/bodies/<slug:body_slug>/"
SITTING = BODY + "sittings/<int:number>/"
ITEM = SITTING + "items/<str:item>/"

urlpatterns: list[URLPattern] = [
    path(BODY + "sittings/", views.sittings, name="sittings"),
    path(BODY + "sittings/convene/", views.convene, name="sittings-convene"),
    path(BODY + "sittings/upcoming/", views.upcoming, name="sittings-upcoming"),
    path(SITTING, views.sitting_page, name="sitting"),
    path(SITTING + "postpone/", views.postpone, name="sitting-postpone"),
    path(SITTING + "cancel/", views.cancel, name="sitting-cancel"),
    path(SITTING + "open/", views.open_, name="sitting-open"),
    path(SITTING + "close/", views.close, name="sitting-close"),
    path(SITTING + "check-in/", views.check_in, name="sitting-check-in"),
    path(SITTING + "check-in/number/", views.check_in_number, name="sitting-check-in-number"),
    path(SITTING + "check-in/bulk/", views.check_in_bulk, name="sitting-check-in-bulk"),
    path(SITTING + "check-in/self/", views.check_in_self, name="sitting-check-in-self"),
    path(SITTING + "check-out/", views.check_out, name="sitting-check-out"),
    path(SITTING + "items/", views.add_item, name="sitting-add-item"),
    path(SITTING + "agenda/adopt/", views.adopt_agenda, name="sitting-adopt-agenda"),
    path(ITEM + "report/", views.report, name="sitting-report"),
    path(ITEM + "counter-report/", views.counter_report, name="sitting-counter-report"),
    path(
        ITEM + "reports/<int:report>/document/",
        views.report_document,
        name="sitting-report-document",
    ),
]
