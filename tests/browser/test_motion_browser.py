"""A motion in Chromium, from its draft to an amended decision in the register, each
person in a browser of their own: a delegate submits a motion on the body's motions page
and is refused its tabling for want of supporters; two more delegates support it from
their browsers and it is tabled; another delegate amends a line and the page shows the
change; the secretariat refers it to a commission and records the commission's
recommendation; the chair puts the amendment, then the motion, to a named vote that the
delegates cast on their ballot pages; the register shows the resolution, a delegate who
voted against attaches a dissenting opinion, one who voted for is refused; and a motion
moved from the decision's page amends it, the register keeping both versions.

The committee (7 full seats, 2 alternates, the Lenin-era orders asking 3 supporters for a
motion) and its open sitting, with full members 1–5 and alternate 1 checked in (the
alternate steps in: six voters), are made through the actions (tests/motions); every step
above happens on the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from collegium.bodies.actions import create_body
from collegium.bodies.models import BodyKind
from collegium.journal.actors import SYSTEM
from tests.browser.conftest import sign_in
from tests.conftest import Org
from tests.motions.test_motions import _open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "/o/test-union/bodies/cc/"
MOTIONS = BODY + "motions/"
REGISTER = BODY + "register/"
CHAIR = "sam"  # the committee's secretary
DELEGATES = ("full1", "full2", "full3", "full4", "full5", "alt1")  # the six voters

TEXT = """The Committee approves the report.

It instructs the Secretariat
to prepare the congress
and to report in a month.

It thanks the delegates."""
AMENDED_LINE = "to prepare the extraordinary congress"
NEW_TEXT = """The Committee approves the report.

It instructs the Secretariat
to prepare the extraordinary congress
and to report in a fortnight."""


class People:
    """A signed-in browser context per login, opened on first use."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.pages: dict[str, Page] = {}
        self.contexts: list[BrowserContext] = []

    def __getitem__(self, login: str) -> Page:
        if login not in self.pages:
            context = self.browser.new_context(base_url=self.base_url, locale="en-GB")
            self.contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(10_000)
            sign_in(page, login)
            expect(page).not_to_have_url(re.compile(r"/login/"))
            self.pages[login] = page
        return self.pages[login]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(browser: Browser, live_server: object) -> Iterator[People]:
    made = People(browser, str(live_server))
    yield made
    made.close()


def _state(page: Page) -> Locator:
    return page.locator("#motion-facts dd[data-state]")


def _form(page: Page, button: str) -> Locator:
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


def _support(page: Page, motion: str) -> None:
    page.goto(motion)
    page.get_by_role("button", name="Support the motion").click()
    expect(page.locator("#motion-facts")).to_contain_text("you support it")


def _table(page: Page, supporters: int) -> None:
    expect(page.locator("[data-supporters]")).to_have_attribute("data-supporters", str(supporters))
    page.get_by_role("button", name="Table the motion").click()
    expect(page.locator(".refusal")).to_have_count(0)
    expect(_state(page)).to_have_attribute("data-state", "tabled")


def _vote(people: People, sitting: int, subject: str, choices: dict[str, str]) -> None:
    """Each delegate votes on their ballot page; the chair sees every ballot in and closes.
    The standing orders' form is a named vote."""
    for login, choice in choices.items():
        page = people[login]
        page.goto(f"{BODY}sittings/{sitting}/ballot/")
        panel = page.locator("#ballot-panel")
        expect(panel.get_by_role("heading")).to_contain_text(f"Vote now: {subject}")
        expect(panel).to_contain_text("Named vote: how you vote is recorded by name.")
        panel.get_by_role("button", name=choice, exact=True).click()
        # A named vote gives no receipt: the panel says the ballot is in, the buttons go.
        expect(panel).to_contain_text("You have voted. Your ballot is counted.")
        expect(panel.get_by_role("button", name=choice, exact=True)).to_have_count(0)
    chair = people[CHAIR]
    chair.goto(f"{BODY}sittings/{sitting}/votes/")
    current = chair.locator(".current-vote")
    expect(current).to_contain_text(subject)
    n = len(choices)
    expect(current.locator(".turnout")).to_have_text(f"{n} of {n} voters have voted.")
    current.get_by_role("button", name="Close the vote").click()
    expect(chair.locator(".current-vote")).to_have_count(0)
    expect(chair.locator(".votes-list li", has_text=subject)).to_contain_text("Adopted")


def _put_to_vote(chair: Page, motion: str, button: str, linked_from: str) -> str:
    """The chair puts the next question on the motion's page, then follows the link to
    the vote from `linked_from` (the motion's facts, or the amendment); its subject."""
    chair.goto(motion)
    _form(chair, button).get_by_role("button", name=button).click()
    expect(chair.locator(".refusal")).to_have_count(0)
    chair.locator(linked_from).get_by_role("link", name="The vote").click()
    expect(chair).to_have_url(re.compile(r"/sittings/\d+/votes/\d+/$"))
    expect(chair.locator("main")).to_contain_text("The vote is open")
    heading = chair.get_by_role("heading", level=1).inner_text()
    return heading.split(": ", 1)[1]


def test_a_motion_is_amended_referred_adopted_dissented_from_and_amended_again(
    org: Org, people: People
) -> None:
    m = _open(org, supporters=3)
    sitting = m.sitting.number
    create_body(
        actor=SYSTEM,
        organization=org.organization,
        name="Drafting Commission",
        slug="drafting",
        kind=BodyKind.COMMISSION,
        full_seats=3,
        alternate_seats=0,
        elected_by=org.committee,
    )

    # 1. A delegate submits a motion; tabling it is refused for want of supporters.
    mover = people["full1"]
    mover.goto(MOTIONS)
    expect(mover.locator("#motions-list")).to_contain_text("No motion has been submitted")
    submit = _form(mover, "Submit")
    submit.get_by_label("Title", exact=True).fill("On the congress")
    submit.get_by_label("Text", exact=True).fill(TEXT)
    submit.get_by_label("For the sitting").select_option(str(sitting))
    submit.get_by_role("button", name="Submit").click()
    expect(mover).to_have_url(re.compile(r"/motions/1/$"))
    motion = MOTIONS + "1/"
    expect(mover.get_by_role("heading", level=1)).to_have_text("Motion no. 1: On the congress")
    expect(_state(mover)).to_have_attribute("data-state", "draft")
    expect(mover.locator("#motion-text .line")).to_have_count(5)
    mover.get_by_role("button", name="Table the motion").click()
    refusal = mover.locator(".refusal[data-rule]")
    expect(refusal).to_have_attribute("data-rule", "motion.supporters")
    expect(refusal).to_have_text("A motion needs 3 supporters to be tabled; it has 1.")
    expect(_state(mover)).to_have_attribute("data-state", "draft")

    # Two delegates support it from their own browsers; then the tabling goes through.
    _support(people["full2"], motion)
    _support(people["full3"], motion)
    people["full3"].goto(MOTIONS)
    expect(people["full3"].locator("tr[data-motion='1']")).to_contain_text("3")
    mover.goto(motion)
    _table(mover, 3)

    # 2. A delegate amends line 3 by its number; the page shows what it changes.
    amender = people["full4"]
    amender.goto(motion)
    expect(amender.locator("#motion-text .line[data-line='3'] .line-text")).to_have_text(
        "to prepare the congress"
    )
    amend = _form(amender, "Table the amendment")
    amend.get_by_label("First line").fill("3")
    amend.get_by_label("Last line").fill("3")
    amend.get_by_label("New text (empty strikes the lines out)").fill(AMENDED_LINE)
    amend.get_by_label("Reason").fill("The congress cannot wait.")
    amend.get_by_role("button", name="Table the amendment").click()
    expect(amender.locator(".refusal")).to_have_count(0)
    amendment = amender.locator("#amendment-1")
    expect(amendment).to_have_attribute("data-state", "tabled")
    expect(amendment.get_by_role("heading")).to_have_text("Amendment 1, line 3")
    expect(amendment).to_contain_text("Full Member 4 (S-full4)")
    expect(amendment.locator(".diff .removed del")).to_have_text("to prepare the congress")
    expect(amendment.locator(".diff .added ins")).to_have_text(AMENDED_LINE)

    # 3. The secretariat refers the motion to the commission and records its advice.
    chair = people[CHAIR]
    chair.goto(motion)
    refer = _form(chair, "Refer")
    refer.get_by_label("Commission").select_option(label="Drafting Commission")
    refer.get_by_role("button", name="Refer").click()
    expect(_state(chair)).to_have_attribute("data-state", "referred")
    expect(chair.locator("#motion-facts")).to_contain_text("Drafting Commission")
    recommend = _form(chair, "Record the recommendation")
    recommend.get_by_label("Recommendation").select_option("adopt-as-amended")
    recommend.get_by_label("On amendment 1").select_option("adopt")
    recommend.get_by_role("button", name="Record the recommendation").click()
    expect(_state(chair)).to_have_attribute("data-state", "recommended")
    expect(chair.locator("[data-recommendation]")).to_have_text("adopt as amended")
    expect(chair.locator("#amendment-1")).to_contain_text("The commission recommends")

    # 4. The amendment, then the motion, to the vote; the delegates vote in their browsers.
    expect(chair.locator("#motion-facts")).to_contain_text("Next to the vote")
    subject = _put_to_vote(chair, motion, "Put amendment 1 to the vote", "#amendment-1")
    assert subject.startswith("Amendment 1/1 to “On the congress”")
    _vote(people, sitting, subject, dict.fromkeys(DELEGATES, "Yes"))
    chair.goto(motion)
    expect(chair.locator("#amendment-1")).to_have_attribute("data-state", "adopted")
    expect(chair.locator("#motion-resulting .line[data-line='3']")).to_contain_text(AMENDED_LINE)

    subject = _put_to_vote(chair, motion, "Put the motion to the vote", "#motion-facts")
    assert subject == "Motion 1: On the congress"
    choices = dict.fromkeys(DELEGATES, "Yes") | {"full5": "No"}
    _vote(people, sitting, subject, choices)
    for page in (chair, mover):
        page.goto(motion)
        expect(_state(page)).to_have_attribute("data-state", "adopted")
        final = page.locator("#motion-final .line-text")
        expect(final).to_have_text(
            [
                "The Committee approves the report.",
                "It instructs the Secretariat",
                AMENDED_LINE,
                "and to report in a month.",
                "It thanks the delegates.",
            ]
        )

    # 5. The register shows the resolution; who voted against dissents, who voted for may not.
    dissenter = people["full5"]
    dissenter.goto(REGISTER)
    row = dissenter.locator("table.register tbody tr", has_text="On the congress")
    expect(row).to_have_attribute("data-status", "in-force")
    expect(row.locator("td")).to_have_text(
        [
            re.compile(r"\d{4}/\d+"),
            "On the congress",
            "resolution",
            re.compile(r"\d{4}$"),
            "in force",
        ]
    )
    reference = row.get_attribute("data-decision") or ""
    assert re.fullmatch(r"\d{4}/\d+", reference)
    row.get_by_role("link", name=reference).click()
    expect(dissenter.get_by_role("heading", level=1)).to_contain_text(f"Decision {reference}")
    expect(dissenter.locator("[data-version='1'] .decision-text")).to_contain_text(AMENDED_LINE)
    expect(dissenter.locator("[data-tally]")).to_have_text(
        "Yes 5, no 1, abstentions 0, of 6 voters."
    )
    opinion = "The congress should not be called in haste."
    dissent = dissenter.locator("form.dissent-form")
    dissent.get_by_label("Dissenting opinion").fill(opinion)
    dissent.get_by_role("button", name="Attach the opinion").click()
    attached = dissenter.locator("article.dissent[data-dissent='S-full5']")
    expect(attached).to_contain_text("Full Member 5")
    expect(attached).to_contain_text(opinion)
    decision = dissenter.url

    voted_for = people["full1"]
    voted_for.goto(decision)
    expect(voted_for.locator("article.dissent[data-dissent='S-full5']")).to_contain_text(opinion)
    dissent = voted_for.locator("form.dissent-form")
    dissent.get_by_label("Dissenting opinion").fill("I dissent too.")
    dissent.get_by_role("button", name="Attach the opinion").click()
    expect(voted_for.locator("form.dissent-form [role=alert]")).to_contain_text(
        "The roll call shows that Full Member 1 did not vote against or abstain"
    )
    expect(voted_for.locator("article.dissent")).to_have_count(1)
    expect(voted_for.locator("article.dissent[data-dissent='S-full1']")).to_have_count(0)

    # 6. A motion to amend the decision, moved from its page, supported, tabled, adopted.
    mover = people["full2"]
    mover.goto(decision)
    mover.get_by_role("link", name="Move to amend this decision").click()
    expect(mover).to_have_url(re.compile(r"/motions/\?revises=.*revision=amend"))
    submit = _form(mover, "Submit")
    expect(submit.get_by_label("Decision it amends or rescinds")).to_have_value(reference)
    expect(submit.get_by_label("What it does")).to_have_value("amend")
    submit.get_by_label("Title", exact=True).fill("Amending the decision on the congress")
    submit.get_by_label("Text", exact=True).fill(NEW_TEXT)
    submit.get_by_label("For the sitting").select_option(str(sitting))
    submit.get_by_role("button", name="Submit").click()
    expect(mover).to_have_url(re.compile(r"/motions/2/$"))
    amending = MOTIONS + "2/"
    expect(_state(mover)).to_have_attribute("data-state", "draft")
    _support(people["full3"], amending)
    _support(people["full4"], amending)
    mover.goto(amending)
    _table(mover, 3)

    subject = _put_to_vote(chair, amending, "Put the motion to the vote", "#motion-facts")
    assert subject == "Motion 2: Amending the decision on the congress"
    _vote(people, sitting, subject, dict.fromkeys(DELEGATES, "Yes"))
    chair.goto(amending)
    expect(_state(chair)).to_have_attribute("data-state", "adopted")

    # The decision's page keeps both versions, the first superseded; the list says so.
    reader = people["full5"]
    reader.goto(decision)
    first = reader.locator("article.version[data-version='1']")
    second = reader.locator("article.version[data-version='2']")
    expect(first).to_have_class(re.compile(r"\bsuperseded\b"))
    expect(first.get_by_role("heading")).to_contain_text("superseded")
    expect(first.locator(".decision-text")).to_contain_text("and to report in a month.")
    expect(second).not_to_have_class(re.compile(r"\bsuperseded\b"))
    expect(second.get_by_role("heading")).to_contain_text("made by decision")
    expect(second.locator(".decision-text")).to_contain_text("and to report in a fortnight.")
    expect(reader.locator("p[data-status]")).to_have_attribute("data-status", "amended")
    reader.goto(REGISTER)
    row = reader.locator(f"table.register tbody tr[data-decision='{reference}']")
    expect(row).to_have_attribute("data-status", "amended")
    expect(row).to_contain_text("in force as amended (version 2)")
