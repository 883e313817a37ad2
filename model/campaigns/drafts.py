"""One ready e-mail draft per recipient, in the advisor's name: an `.eml` file (RFC 5322,
UTF-8) with `X-Unsent: 1`, which Outlook opens as an unsent draft the advisor (or an
assistant) sends with one click. The text asks the three questions and the satisfaction
scale of `care_calls.QUESTIONS`, numbered, so a reply of four digits can be typed into the
survey import as it is (the import takes the number or the text of an answer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from model.campaigns.care_calls import QUESTIONS, SCORE_LABELS, SCORES
from model.campaigns.dispatch import MAIL, Recipient
from model.german.dates import format_date_de

SATISFACTION = "Wie zufrieden sind Sie insgesamt mit Ihrer Betreuung?"


def file_name(recipient: Recipient) -> str:
    """The reference, with anything a Windows file name cannot hold replaced."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", recipient.reference) + ".eml"


def body(recipient: Recipient, institute: str) -> str:
    person = recipient.person
    greeting = f"Guten Tag {person.name}," if person and person.name else "Guten Tag,"
    if recipient.meeting:
        about = f"vielen Dank für unser Gespräch am {format_date_de(recipient.meeting)}"
        about += f" ({recipient.format})." if recipient.format else "."
    else:
        about = "Ihre Meinung ist uns wichtig."
    lines = [
        greeting, "", about,
        "Damit ich Sie weiterhin gut betreuen kann, bitte ich Sie um eine kurze Rückmeldung: antworten Sie einfach "
        "auf diese E-Mail und nennen Sie zu jeder Frage die Zahl der passenden Antwort.", "",
    ]  # fmt: skip
    for number, question in enumerate(QUESTIONS, 1):
        lines.append(f"{number}. {question.text}")
        lines.append("   " + " · ".join(f"{n} {o}" for n, o in enumerate(question.options, 1)))
        lines.append("")
    lines.append(f"{len(QUESTIONS) + 1}. {SATISFACTION}")
    lines.append("   " + " · ".join(f"{s} {SCORE_LABELS[s]}" for s in SCORES))
    lines += ["", "Gern auch mit einem Satz, was ich besser machen kann.", "", "Mit freundlichen Grüßen",
              recipient.advisor.name]  # fmt: skip
    if institute:
        lines.append(institute)
    lines += ["", f"Referenz: {recipient.reference}"]
    return "\n".join(lines) + "\n"


def subject(recipient: Recipient) -> str:
    if recipient.meeting:
        return f"Ihre Meinung zu unserem Gespräch am {format_date_de(recipient.meeting)}"
    return "Ihre Meinung zu unserer Betreuung"


def draft(recipient: Recipient, institute: str = "") -> bytes:
    """The .eml bytes; ValueError for a recipient without e-mail (those are phoned)."""
    if recipient.channel != MAIL or recipient.person is None:
        raise ValueError(f"Verbund {recipient.group.number}: keine E-Mail-Adresse, bitte anrufen.")
    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    advisor = recipient.advisor
    if advisor.email:
        message["From"] = Address(advisor.name, addr_spec=advisor.email)
    message["To"] = _address(recipient.person.name, recipient.person.email)
    message["Subject"] = subject(recipient)
    message["X-Kontakt-Referenz"] = recipient.reference
    message.set_content(body(recipient, institute), charset="utf-8")
    return message.as_bytes()


def _address(name: str, email: str) -> Address | str:
    """A typed address the mail library cannot parse goes in as it is: the advisor sees it
    in Outlook and corrects it, better than no draft at all."""
    try:
        return Address(name, addr_spec=email.strip())
    except (ValueError, IndexError):
        return email.strip()


def write_drafts(folder: Path, rows: Sequence[Recipient], institute: str) -> int:
    """One `.eml` draft per e-mail row into `folder` (created if missing); the number
    written. OSError as the operating system raised it (the caller names the place)."""
    mails = [r for r in rows if r.channel == MAIL]
    folder.mkdir(exist_ok=True)
    for r in mails:
        (folder / file_name(r)).write_bytes(draft(r, institute))
    return len(mails)
