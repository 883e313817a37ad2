"""The Monday dispatch, the survey import and perceived against logged, on exact weeks and days
(KW 53/2026 = 28.12.2026–03.01.2027 across the year boundary)."""

import email
from datetime import date, datetime
from email import policy

import pytest

from model.campaigns import care_calls as cc
from model.campaigns import dispatch, drafts, perception
from model.campaigns.survey_import import care_call_contact, plan_surveys
from model.config import default_config
from model.entities import Advisor, Contact, ContactPerson, Group
from model.exchange import ImportFailed
from model.institute import Institute

CONFIG = default_config()
ANNA = ContactPerson("p-1", "Anna Huber", "GF", "06195 1", "anna@huber.de")
BERG = ContactPerson("p-2", "Klaus Berg", "StB", "069 2", "")
HUBER = Group("g-1", "10001", "Bäckerei Huber GmbH", "Firmenkunden", "MKR", persons=(ANNA, BERG))
VOGT = Group("g-3", "10003", "Schreinerei Vogt", "Firmenkunden", "MKR", persons=(BERG,))
ADVISORS = {"MKR": Advisor("MKR", "Martina Kraus", email="m.kraus@bank.de")}
AT = datetime(2027, 1, 4, 9, 0)


def visit(cid, on, fmt="Jahresgespräch", group="g-1", channel="Besuch", person=""):
    return Contact(cid, group, on, "MKR", "Gespräch geführt", channel, fmt, person=person)


def institute(contacts=()):
    by_group = {}
    for c in contacts:
        by_group.setdefault(c.group, []).append(c)
    return Institute(CONFIG, ADVISORS, {"g-1": HUBER, "g-3": VOGT}, by_group)


# ---- the dispatch -------------------------------------------------------------------------


def test_the_monday_after_new_year_asks_about_kw_53():
    contacts = {"g-1": [visit("c1", date(2027, 1, 3), person="p-1")], "g-3": [visit("c2", date(2026, 12, 28), group="g-3")]}
    week = cc.previous_week(date(2027, 1, 4))
    assert week == "2026-W53"
    items = cc.care_call_list(institute().groups, contacts, CONFIG, week)
    rows = dispatch.weekly_recipients(items, ADVISORS, week)
    assert [(r.channel, r.group.number, r.person.name, r.reference) for r in rows] == [
        ("E-Mail", "10001", "Anna Huber", "10001-2026-W53-p1"),  # the person spoken to
        ("Telefon", "10003", "Klaus Berg", "10003-2026-W53-p2"),  # no e-mail address: phone
    ]
    cells = dispatch.export_rows(rows)[0]
    assert cells[6:9] == ["Martina Kraus", "m.kraus@bank.de", date(2027, 1, 3)]
    assert dispatch.parse_reference("10001-2026-W53-p1") == ("10001", "2026-W53", "p1")


@pytest.mark.parametrize(
    ("asked", "week", "skipped"),
    [
        ("2026-W41", "2026-W53", True),  # 12 weeks before KW 53: still within
        ("2026-W40", "2026-W53", False),
        ("2026-W43", "2027-W02", True),  # across the year boundary (2026 has 53 weeks)
        ("2026-W42", "2027-W02", False),
        ("2026-W53", "2026-W53", False),  # the same week again: the same list
    ],
)
def test_not_asked_twice_within_twelve_weeks(asked, week, skipped):
    assert (dispatch.recently_asked([{"group": "g-1", "week": asked}], [], week, 12) == {"g-1"}) is skipped


def test_an_answered_survey_counts_as_asked_and_zero_weeks_switch_the_rule_off():
    assert dispatch.recently_asked([], [{"group": "g-1", "week": "2026-W50"}], "2026-W53", 12) == {"g-1"}
    assert dispatch.recently_asked([], [{"group": "g-1", "week": "2026-W50"}], "2026-W53", 0) == set()


def test_the_week_dispatch_leaves_out_the_recently_asked_and_writes_drafts_for_mails_only(tmp_path):
    contacts = {"g-1": [visit("c1", date(2027, 1, 3), person="p-1")], "g-3": [visit("c2", date(2026, 12, 28), group="g-3")]}
    items = cc.care_call_list(institute().groups, contacts, CONFIG, "2026-W53")
    plan = dispatch.week_dispatch(items, ADVISORS, "2026-W53", [{"group": "g-3", "week": "2026-W50"}], [], 12)
    assert (plan.skipped, plan.groups, len(plan.mails), plan.phone_groups) == (1, 1, 1, 0)
    assert drafts.write_drafts(tmp_path / "eml", plan.rows, "Sparkasse") == 1
    assert [p.name for p in (tmp_path / "eml").iterdir()] == ["10001-2026-W53-p1.eml"]
    nobody_asked = dispatch.week_dispatch(items, ADVISORS, "2026-W53", [], [], 12)
    assert (nobody_asked.skipped, nobody_asked.groups, nobody_asked.phone_groups) == (0, 2, 1)
    assert drafts.write_drafts(tmp_path / "eml2", nobody_asked.rows, "Sparkasse") == 1  # the phone row gets none


def test_the_draft_is_an_unsent_utf8_mail_in_the_advisors_name():
    item = cc.CareCallItem(HUBER, "MKR", visit("c1", date(2027, 1, 3), person="p-1"))
    (row,) = dispatch.weekly_recipients([item], ADVISORS, "2026-W53")
    message = email.message_from_bytes(drafts.draft(row, "Demo-Sparkasse"), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert (message["From"], message["To"]) == ("Martina Kraus <m.kraus@bank.de>", "Anna Huber <anna@huber.de>")
    assert message["Subject"] == "Ihre Meinung zu unserem Gespräch am 03.01.2027"
    text = message.get_content().replace("\r\n", "\n")
    for question in cc.QUESTIONS:
        assert question.text in text
    assert "1 sehr unzufrieden · 2 unzufrieden" in text and "Martina Kraus\nDemo-Sparkasse" in text
    assert drafts.file_name(row) == "10001-2026-W53-p1.eml"


# ---- the import ---------------------------------------------------------------------------

HEADER = "Verbund-Nr;KW;Kontakthäufigkeit;Treffen;Letztes Zielgespräch;Zufriedenheit;Kommentar"


def test_answers_as_text_or_number_and_a_second_import_changes_nothing():
    text = f"{HEADER}\r\n10001;2026-W53;Quartalsweise;4;vor über einem Jahr;4;=1+1\r\n"
    plan = plan_surveys(text, institute(), [], "ADM", AT)
    (survey,) = plan.changed
    assert survey["answers"] == {"contact_frequency": "quartalsweise", "meeting_frequency": "jährlich",
                                 "last_goals_talk": "vor über einem Jahr"}  # fmt: skip
    assert (survey["id"], survey["score"], survey["channel"]) == (cc.stable_survey_id("g-1", "2026-W53"), 4, "E-Mail")
    again = plan_surveys(text, institute(), [survey], "ADM", datetime(2027, 1, 5))
    assert (again.changed, again.unchanged) == ([], 1)
    contact = care_call_contact(survey, CONFIG)
    assert (contact.format, contact.date, contact.by, contact.channel) == ("Care Call", date(2027, 1, 4), "ADM", "E-Mail")
    assert (
        contact.id == care_call_contact(again_survey := dict(survey, at="2027-01-05T10:00:00"), CONFIG).id != again_survey["id"]
    )


def test_every_problem_with_line_and_column_and_nothing_saved():
    text = (f"{HEADER};Referenz\n"
            "10001;2026-W53;wöchentlich;1;1;6;\n"
            "99999;2026-W54;1;1;1;3;;\n"
            "10001;2026-W53;1;1;1;3;;10003-2026-W53-p2\n")  # fmt: skip
    with pytest.raises(ImportFailed) as failed:
        plan_surveys(text, institute(), [], "ADM", AT)
    assert failed.value.errors == [
        'Zeile 2: 7 Felder statt 8 (Trennzeichen ";")',
        'Zeile 3, Spalte "Verbund-Nr": Verbund "99999" gibt es nicht',
        'Zeile 3, Spalte "KW": "2026-W54" ist keine Kalenderwoche (erwartet z. B. 2026-W48)',
        'Zeile 4, Spalte "Referenz": "10003-2026-W53-p2" passt nicht zu Verbund-Nr und KW dieser Zeile',
    ]
    with pytest.raises(ImportFailed, match=r'Zeile 2, Spalte "Kontakthäufigkeit": "wöchentlich" ist keine der Antworten'):
        plan_surveys(f"{HEADER}\n10001;2026-W53;wöchentlich;1;1;5;\n", institute(), [], "ADM", AT)
    with pytest.raises(ImportFailed, match=r"Zeile 3: Verbund 10001 2026-W53 steht schon in Zeile 2 mit anderen Antworten"):
        plan_surveys(f"{HEADER}\n10001;2026-W53;1;1;1;5;\n10001;2026-W53;1;1;1;4;\n", institute(), [], "ADM", AT)


# ---- perceived against logged -------------------------------------------------------------


@pytest.mark.parametrize(("count", "answer"), [(12, "monatlich"), (11, "quartalsweise"), (4, "quartalsweise"),
                                                (3, "halbjährlich"), (2, "halbjährlich"), (1, "jährlich"), (0, "seltener")])  # fmt: skip
def test_how_often_the_log_says(count, answer):
    assert perception.how_often(count) == answer


@pytest.mark.parametrize(
    ("last", "answer"),
    [
        (date(2026, 10, 3), "in den letzten 3 Monaten"),  # exactly 3 months before Sunday 03.01.2027
        (date(2026, 10, 2), "vor 3 bis 6 Monaten"),
        (date(2026, 7, 3), "vor 3 bis 6 Monaten"),
        (date(2026, 7, 2), "vor 6 bis 12 Monaten"),
        (date(2026, 1, 3), "vor 6 bis 12 Monaten"),
        (date(2026, 1, 2), "vor über einem Jahr"),
        (None, "noch nie"),
    ],
)
def test_the_last_goals_talk_the_log_says(last, answer):
    assert perception.goals_talk(last, date(2027, 1, 3)) == answer


def test_the_issues_two_examples_side_by_side():
    # Survey of KW 53/2026: the span is 04.01.2026–03.01.2027. One Jahresgespräch 4 months
    # before (03.09.2026); a phone call of 03.01.2026 is one day too old; the Care Call is no contact.
    entries = [
        visit("c1", date(2026, 9, 3)),
        visit("c0", date(2026, 1, 3), fmt="Servicekontakt", channel="Telefon"),
        visit("c2", date(2026, 12, 1), fmt="Care Call", channel="E-Mail"),
    ]
    survey = {"group": "g-1", "advisor": "MKR", "week": "2026-W53", "score": 3,
              "answers": {"contact_frequency": "quartalsweise", "meeting_frequency": "jährlich",
                          "last_goals_talk": "vor über einem Jahr"}}  # fmt: skip
    result = perception.compare(survey, HUBER, entries, CONFIG)
    assert [(i.answer, i.logged, i.evidence, i.steps) for i in result.items] == [
        ("quartalsweise", "jährlich", "1 Kontakt in 12 Monaten", -2),
        ("jährlich", "jährlich", "1 Treffen in 12 Monaten", 0),
        ("vor über einem Jahr", "vor 3 bis 6 Monaten", "Beratungsgespräch am 03.09.2026", 2),
    ]
    assert (result.matches, result.gap) == (False, 4)


def test_share_matching_per_advisor_and_week_and_the_largest_gaps():
    answers = {"contact_frequency": "jährlich", "meeting_frequency": "jährlich", "last_goals_talk": "vor 3 bis 6 Monaten"}
    entries = {"g-1": [visit("c1", date(2026, 9, 3))], "g-3": []}
    surveys = [
        {"group": "g-1", "advisor": "MKR", "week": "2026-W53", "score": 5, "answers": answers},
        {"group": "g-3", "advisor": "MKR", "week": "2026-W53", "score": 2, "answers": answers},
        {"group": "g-1", "advisor": "MKR", "week": "2027-W01", "score": 4, "answers": answers},
    ]
    compared = perception.compare_all(surveys, institute().groups, entries, CONFIG)
    weeks = perception.agreement_by_week(compared, "MKR")
    assert [(a.week, a.surveys, a.matching, a.share) for a in weeks] == [("2026-W53", 2, 1, 0.5), ("2027-W01", 1, 1, 1.0)]
    (advisor,) = perception.agreement_by_advisor(compared)
    assert (advisor.advisor, advisor.surveys, advisor.matching) == ("MKR", 3, 2)
    (gap,) = perception.largest_gaps(compared)
    assert (gap.group.number, gap.gap) == ("10003", 1 + 1 + 3)  # seltener, seltener, noch nie
