"""A demo institute: advisors, Kundenverbünde with castings and co-care, and years of contacts.

`build_demo(as_of, groups, seed)` invents a regional bank's corporate business as the essay
describes it: a team of 9 lead advisors (FKB) and a team lead, colleagues of the specialist
departments, groups with German company names, owners, contact persons and tax advisers,
castings skewed to roughly A 10 % / B 25 % / C 40 % / D 25 %, co-care for groups whose casting
calls in a department, and two years of contact history (five for the benchmark institute of
more than 2,000 groups: 30 advisors, about 250,000 contacts for 20,000 groups). The history
is planned role by role like a real follow-up chain, with some under- and over-served groups,
stalled chains (overdue), calls that did not reach anyone, due-soon follow-ups and groups
never contacted, so every screen has something to show on `as_of`.

Everything follows from (seed, as_of, groups) through one `random.Random(seed)`: no clock
and no uuid4, so the same arguments give the same data, ids included. `write_demo` stores it.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass, replace
from datetime import date
from itertools import product

from model.casting.scoring import called_in_departments, class_for_score, score
from model.config import Config, Scheme, default_config
from model.entities import (
    CLASSES,
    LEAD,
    Advisor,
    Assignment,
    Casting,
    Contact,
    ContactPerson,
    Customer,
    Group,
)

BENCHMARK_GROUPS = 2000
"""Above this many groups the demo is the benchmark institute (30 advisors, five years)."""

LEADS = (
    ("MKR", "Markus Krämer"), ("SWE", "Sabine Weber"), ("THO", "Thomas Hoffmann"),
    ("AFI", "Andrea Fischer"), ("JSC", "Jürgen Schneider"), ("KBA", "Katrin Bauer"),
    ("MWA", "Michael Wagner"), ("CRI", "Claudia Richter"), ("SKL", "Stefan Klein"),
    ("PWO", "Petra Wolf"), ("FSR", "Frank Schröder"), ("NNE", "Nicole Neumann"),
    ("USC", "Uwe Schwarz"), ("BZI", "Birgit Zimmermann"), ("RBR", "Ralf Braun"),
    ("DHA", "Daniela Hartmann"), ("ALA", "Alexander Lange"), ("SSC", "Susanne Schmitt"),
    ("HWE", "Holger Werner"), ("MKE", "Monika Krause"), ("CME", "Christian Meier"),
    ("ILE", "Ines Lehmann"), ("OSM", "Oliver Schmid"), ("JSU", "Julia Schulze"),
)  # fmt: skip
COLLEAGUES = (
    ("PBR", "Patrick Brandt"), ("EVO", "Eva Vogel"), ("VKO", "Volker Koch"),
    ("LFR", "Lena Friedrich"), ("NHE", "Norbert Hermann"), ("GKE", "Gabriele Keller"),
    ("LBE", "Lars Berger"), ("TFU", "Tanja Fuchs"), ("AKA", "Anja Kaiser"),
    ("RPE", "Rainer Peters"), ("ISI", "Ingo Simon"), ("HLU", "Heike Ludwig"),
    ("VBO", "Vera Böhm"), ("WFR", "Werner Frank"), ("KSE", "Karin Seidel"), ("DJU", "Dirk Jung"),
)  # fmt: skip
SURNAMES = (
    "Becker Huber Krämer Lang Schäfer Wagner Hofmann Schmitt Braun Zimmermann Richter Klein "
    "Wolf Neumann Schwarz Hartmann Krüger Werner Lehmann Köhler Maier Fuchs Scholz Möller Weiß "
    "Jung Hahn Vogel Keller Günther Frank Berger Roth Beck Lorenz Baumann Franke Albrecht Ludwig "
    "Winkler Sommer Stein Jäger Otto Groß Brandt Haas Schreiber Graf Dietrich Ziegler Kuhn Pohl "
    "Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Heinrich Seitz Ritter"
).split()
FEMALE = "Anna Maria Sabine Petra Claudia Andrea Julia Katrin Susanne Nicole Birgit Monika Laura Lena Eva Heike".split()
MALE = "Thomas Michael Stefan Andreas Frank Markus Jürgen Klaus Peter Uwe Ralf Jan Lukas Felix Tobias Holger".split()
TRADES = (
    "Schreinerei", "Bäckerei", "Metzgerei", "Autohaus", "Dachdeckerei", "Malerbetrieb", "Zimmerei",
    "Gärtnerei", "Spedition", "Druckerei", "Brauerei", "Weingut", "Hotel", "Landgasthof", "Elektro",
    "Sanitär- und Heizungsbau", "Bauunternehmung", "Kfz-Werkstatt", "Fliesenfachgeschäft", "Optik",
    "Raumausstattung", "Getränkehandel", "Ingenieurbüro", "Architekturbüro",
)  # fmt: skip
BRANCHES = (
    "Metallbau Maschinenbau Kunststofftechnik Fensterbau Immobilien Logistik Haustechnik Feinmechanik "
    "Verpackungen Elektrotechnik Präzisionsteile Holzbau Bedachungen Systemtechnik Lebensmittel Stahlbau"
).split()
PLACES = "Taunus Main Nidda Kronberg Eppstein Rhein Feldberg Wetterau Vogelsberg Hofheim".split()
AREA_CODES = ("06195", "06192", "06196", "06172", "06171", "06173", "06174", "06131", "0611", "06007")
SEGMENT_WEIGHTS = {"Firmenkunden": 70, "Gewerbekunden": 20, "Private Banking": 10}
CLASS_WEIGHTS = (10, 25, 40, 25)
LEAD_FORMATS = {"Jahresgespräch": 24, "Strategiegespräch": 7, "Ratinggespräch": 5, "Beratungsgespräch": 24,
                "Servicekontakt": 22, "Active Call": 14, "Care Call": 4}  # fmt: skip
CO_FORMATS = {"Beratungsgespräch": 50, "Jahresgespräch": 15, "Servicekontakt": 25, "Active Call": 10}
CHANNELS = {"Telefon": 40, "Besuch": 35, "Video": 12, "E-Mail": 8, "Filiale": 5}
REACHED = {"Gespräch geführt": 75, "Termin vereinbart": 18, "kein Interesse": 7}
NOTES = {
    "Jahresgespräch": ("Jahresabschluss besprochen", "Investitionsplanung Halle besprochen", "Ziele und Pläne",
                       "Kontokorrentlinie verlängert", "Liquiditätsplanung durchgesprochen"),
    "Strategiegespräch": ("Expansion Standort Nord", "Nachfolge und Vermögen", "Übernahme Wettbewerber geprüft"),
    "Ratinggespräch": ("Rating-Unterlagen angefordert", "BWA Q3 erläutert, Rating stabil"),
    "Beratungsgespräch": ("Finanzierung Fuhrpark", "Avalrahmen besprochen", "Zinssicherung angeboten",
                          "Förderkredit KfW geprüft", "Anlage Festgeld besprochen"),
    "Servicekontakt": ("Kartenlimit erhöht", "Unterschriftenliste aktualisiert", "Online-Banking Zugänge"),
    "Active Call": ("Kurz gemeldet, alles in Ordnung", "Termin zum Jahresgespräch angeboten"),
    "Care Call": ("Zufrieden mit Betreuung", "Wünscht häufigeren Kontakt"),
    "Private Banking": ("Depotstruktur besprochen", "Vermögensanlage Verkaufserlös"),
    "Versicherung": ("Gewerbliche Sachversicherung überprüft", "bAV-Konzept vorgestellt"),
    "Nachfolge": ("Nachfolgeplanung: Sohn steigt ein", "Bewertung des Unternehmens angestoßen"),
    "Leasing": ("Leasingangebot Maschinen", "Fuhrpark-Leasing besprochen"),
    "Immobilien": ("Objektsuche Mehrfamilienhaus", "Bewertung Betriebsgrundstück"),
    "": ("Gespräch geführt",),
    "nicht erreicht": ("Mailbox, Rückruf erbeten", "Sekretariat: im Urlaub", "nicht erreicht, neuer Versuch"),
}  # fmt: skip
OVERRIDES = {
    "A": "Strategischer Kunde der Region, Vorstandsbeschluss",
    "B": "Großes Bauvorhaben angekündigt, enger begleiten",
    "C": "Kunde wünscht ausdrücklich weniger Termine",
    "D": "Geschäftsaufgabe zum Jahresende angekündigt",
}


@dataclass(frozen=True)
class DemoData:
    advisors: tuple[Advisor, ...]
    groups: tuple[Group, ...]
    contacts: tuple[Contact, ...]


def write_demo(store, data: DemoData) -> None:
    """Put the demo into a (new) store: advisors, groups, then every contact."""
    # A demo is a test store: anyone may act as anyone (--user), as a trainer needs.
    store.save_config(store.load().config.raw | {"test_store": True})
    store.save_advisors(data.advisors)
    store.save_groups(data.groups)
    store.add_contacts(data.contacts)


def _slug(text: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("&", "und")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _weekday(day: int) -> int:
    """The ordinal moved off a weekend onto the following Monday (ordinal 1 is a Monday)."""
    wd = (day - 1) % 7
    return day + (7 - wd if wd >= 5 else 0)


def _cum(weights: dict[str, int], allowed) -> tuple[list[str], list[int]]:
    names = [x for x in allowed if weights.get(x, 0) > 0] or list(allowed)
    total, cum = 0, []
    for name in names:
        total += weights.get(name, 1)
        cum.append(total)
    return names, cum


class _Builder:
    def __init__(self, as_of: date, n_groups: int, seed: int, config: Config, years: int | None = None):
        self.rng = random.Random(seed)
        self.as_of, self.today = as_of, as_of.toordinal()
        self.n, self.config = n_groups, config
        self.big = n_groups > BENCHMARK_GROUPS
        self.years = years or (5 if self.big else 2)
        self.contacts: list[Contact] = []
        self.iso: dict[int, str] = {}
        outs = config.uncounted_outcomes
        self.not_reached = next((o for o in config.outcomes if o in outs), outs[0] if outs else "nicht erreicht")
        self.reached = _cum(REACHED, [o for o in config.outcomes if config.counts(o)])
        self.channels = _cum(CHANNELS, config.channels)
        self.call = (
            "Telefon" if "Telefon" in config.channels else config.channels[0],
            "Active Call" if "Active Call" in config.formats else "",
            "Care Call" if "Care Call" in config.formats else "",
        )
        self.combos = {s.segment: self._combos(s) for s in config.schemes}

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, ordinal: int) -> date:
        return date.fromordinal(ordinal)

    @staticmethod
    def _combos(scheme: Scheme) -> dict[str, list[tuple[dict, int]]]:
        """Every combination of answers of a scheme, by the class it scores."""
        by_class: dict[str, list[tuple[dict, int]]] = {c: [] for c in CLASSES}
        for labels in product(*[[o.label for o in c.options] for c in scheme.criteria]):
            answers = {c.name: label for c, label in zip(scheme.criteria, labels)}
            points = score(scheme, answers)
            by_class[class_for_score(scheme, points)].append((answers, points))
        return by_class

    # ---- advisors -------------------------------------------------------------------------

    def advisors(self) -> tuple[list[Advisor], list[Advisor], dict[str, list[str]]]:
        rng = self.rng
        hours = (600.0, 615.0, 630.0, 630.0, 645.0, 660.0)
        leads = [Advisor(code, name, None, "Teamleiter" if i == 0 else "Berater", rng.choice(hours))
                 for i, (code, name) in enumerate(LEADS[: 24 if self.big else 9])]  # fmt: skip
        admin = Advisor("ADM", "Anke Dorn", None, "Administrator", 630.0)
        if self.big:  # 24 + ADM + one colleague per department the schemes call in = 30
            called = {o.department for s in self.config.schemes for c in s.criteria for o in c.options}
            departments = [(d, 1) for d in self.config.departments if d in called]
        else:
            departments = [(d, rng.choice((1, 2))) for d in self.config.departments]
        colleagues, by_department, pool = [], {}, iter(range(10**6))
        for department, count in departments:
            for _ in range(count):
                i = next(pool)
                code, name = COLLEAGUES[i % len(COLLEAGUES)]
                code += str(i // len(COLLEAGUES)) if i >= len(COLLEAGUES) else ""
                colleagues.append(Advisor(code, name, department, "Berater", float(rng.choice((600, 630, 660)))))
                by_department.setdefault(department, []).append(code)
        return leads, [*leads, admin, *colleagues], by_department

    # ---- groups ---------------------------------------------------------------------------

    def person_name(self, surname: str | None = None) -> tuple[str, str, bool]:
        female = self.rng.random() < 0.4
        first = self.rng.choice(FEMALE if female else MALE)
        return first, surname or self.rng.choice(SURNAMES), female

    def phone(self) -> str:
        r, rng = self.rng.random(), self.rng
        if r < 0.55:
            return f"{rng.choice(AREA_CODES)} {rng.randint(10000, 999999)}"
        if r < 0.8:
            return f"+49 69 {rng.randint(1000000, 99999999)}"
        return f"+49 1{rng.choice(('51', '52', '60', '70', '71', '76'))} {rng.randint(1000000, 9999999)}"

    def company(self, segment: str) -> tuple[str, str, str]:
        """(group name, owner surname, e-mail domain)."""
        rng, sur = self.rng, self.rng.choice(SURNAMES)
        r = rng.random()
        if segment == "Private Banking":
            return f"Familie {sur}", sur, "web.de"
        if segment == "Gewerbekunden":
            if r < 0.1:
                return f"Dr. med. {sur} Praxisgemeinschaft", sur, f"praxis-{_slug(sur)}.de"
            if r < 0.18:
                place = rng.choice(PLACES)
                return f"{place}-Apotheke {sur} e.K.", sur, f"{_slug(place)}-apotheke.de"
            trade = rng.choice(TRADES)
            form = rng.choice(("e.K.", "e.K.", "GbR", "GmbH", ""))
            return f"{trade} {sur} {form}".strip(), sur, f"{_slug(trade + ' ' + sur)}.de"
        form = rng.choice(("GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "GmbH & Co. KG", "KG", "OHG", "AG"))
        if r < 0.45:
            core = f"{rng.choice(TRADES)} {sur}"
        elif r < 0.85:
            core = f"{sur} {rng.choice(BRANCHES)}"
        else:
            core = f"{sur} & {rng.choice(SURNAMES)}"
        return f"{core} {form}", sur, f"{_slug(core)}.de"

    def group(self, index: int, lead: str) -> Group:
        rng, segment = self.rng, self.rng.choices(self.segments, self.segment_weights)[0]
        name, sur, domain = self.company(segment)
        number = str(10001 + index)
        customers = [] if segment == "Private Banking" else [Customer(f"{number}01", name)]
        if name.endswith("GmbH & Co. KG"):
            customers.append(Customer(f"{number}02", f"{sur} Verwaltungs-GmbH"))
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            first, surname, _ = self.person_name(sur if rng.random() < 0.8 else None)
            customers.append(Customer(f"{number}{len(customers) + 1:02d}", f"{surname}, {first}"))
        persons = []
        for k in range(rng.choice((1, 1, 2))):
            first, surname, female = self.person_name(sur if k == 0 else None)
            if segment == "Private Banking":
                function = "Kundin" if female else "Kunde"
            elif k == 0:
                function = (
                    ("Inhaberin" if female else "Inhaber")
                    if "GmbH" not in name and "AG" not in name
                    else ("Geschäftsführerin" if female else "Geschäftsführer")
                )
            else:
                function = "Prokuristin" if female else "Prokurist"
            email = f"{_slug(first)[0]}.{_slug(surname)}@{domain}"
            persons.append(ContactPerson(self.uid(), f"{surname}, {first}", function, self.phone(), email))
        if rng.random() < 0.6:
            first, surname, female = self.person_name()
            email = f"{_slug(first)[0]}.{_slug(surname)}@stb-{_slug(surname)}.de"
            function = "Steuerberaterin" if female else "Steuerberater"
            phone = f"{rng.choice(AREA_CODES)} {rng.randint(10000, 999999)}"
            persons.append(ContactPerson(self.uid(), f"{surname}, {first}", function, phone, email))
        return Group(self.uid(), number, name, segment, lead, tuple(customers[:5]), tuple(persons))

    def casting(self, segment: str, cls: str, on: int, by: str, override: bool) -> Casting:
        scheme = self.config.scheme(segment)
        computed = cls
        if override:  # the FKB overrides an adjacent computed class with a reason
            i = CLASSES.index(cls)
            computed = CLASSES[i + 1] if i < 2 else CLASSES[i - 1]
        answers, points = self.rng.choice(self.combos[scheme.segment][computed] or [({}, 0)])
        return Casting(
            self.uid(), self.day(_weekday(on) if _weekday(on) <= self.today else on), scheme.segment, scheme.version,
            tuple(answers.items()), points, class_for_score(scheme, points), by,
            cls if override else None, OVERRIDES[cls] if override else "",
        )  # fmt: skip

    def castings(self, group: Group, fresh: bool) -> tuple[Casting, ...]:
        """None (≈10 %), one or two castings; the latest is older than 12 months for ≈20 %."""
        rng = self.rng
        if rng.random() < (0.5 if fresh else 0.1):
            return ()
        cls = rng.choices(CLASSES, CLASS_WEIGHTS)[0]
        age = rng.randint(0, 90) if fresh else rng.randint(5, 340) if rng.random() < 0.8 else rng.randint(380, 620)
        latest = self.casting(group.segment, cls, self.today - age, group.lead, rng.random() < 0.04)
        if fresh or rng.random() < 0.45:
            return (latest,)
        earlier = cls if rng.random() < 0.7 else rng.choices(CLASSES, CLASS_WEIGHTS)[0]
        first = self.casting(group.segment, earlier, self.today - age - rng.randint(330, 420), group.lead, False)
        return first, latest

    def assignments(self, group: Group, by_department: dict[str, list[str]]) -> tuple[Assignment, ...]:
        rng, casting = self.rng, group.casting
        departments = [d for d in called_in_departments(self.config.scheme(group.segment), dict(casting.answers))
                       if d in by_department] if casting else []  # fmt: skip
        if not departments or rng.random() >= 0.6:
            return ()
        if rng.random() < 0.5:
            departments = [rng.choice(departments)]
        first = min(c.date for c in group.castings).toordinal()
        if rng.random() < 0.5:  # co-care going on since a casting before the ones kept
            first -= rng.randint(0, 730)
        result = []
        for department in departments:
            start = min(first + rng.randint(0, 60), self.today - rng.randint(1, 20))
            end = None
            if rng.random() < 0.08 and self.today - start > 90:
                end = self.day(start + rng.randint(60, self.today - start - 1))
            frequency = rng.choices((1.0, 2.0), (70, 30))[0]
            colleague = rng.choice(by_department[department])
            result.append(Assignment(self.uid(), department, colleague, frequency, self.day(start), end))
        return tuple(result)

    # ---- contacts -------------------------------------------------------------------------

    def history(self, group: Group, role: str, by: str, frequency: float, start: int, stop: int,
                formats, substitutes: list[str]) -> None:  # fmt: skip
        """One role's follow-up chain from `start` to `stop`: each contact agrees the next date
        (mostly), a call that reaches nobody is retried a few days later."""
        rng, contacts, is_lead = self.rng, self.contacts, role == LEAD
        r, cd = rng.random(), group.cls in ("C", "D", None)
        if r < (0.06 if cd else 0.18):
            service = rng.uniform(0.35, 0.7)  # under-served
        elif r < (0.18 if cd else 0.22):
            service = rng.uniform(2.0, 2.8)  # over-served
        else:
            service = rng.uniform(1.1, 1.6)
        if rng.random() < 0.2:  # the chain stalled some weeks ago: overdue follow-ups
            stop -= rng.randint(10, 200)
        step = 365.25 / (frequency * service)
        t = start + int(rng.random() * step) if is_lead else start + rng.randint(7, 60)
        failed, department, persons = 0, None if is_lead else role, group.persons
        consultations, (call_channel, call_format, care_call) = self.config.consultation_formats, self.call

        def emit(day: int, who: str, outcome: str, channel: str, fmt: str, follow_up: int | None, note: str):
            iso = self.iso.get(day) or self.iso.setdefault(day, date.fromordinal(day).isoformat())
            contacts.append(Contact(
                self.uid(), group.id, date.fromordinal(day), who, outcome, channel, fmt, department,
                date.fromordinal(follow_up) if follow_up else None, note,
                rng.choice(persons).id if persons and rng.random() < 0.8 else "",
                f"{iso}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
            ))  # fmt: skip

        while True:
            day = _weekday(t)
            if day > stop:
                return
            who = by if not is_lead or rng.random() < 0.94 else rng.choice(substitutes)
            if rng.random() < 0.15 and failed < 2:
                failed += 1
                nxt = day + rng.randint(2, 10)
                follow_up = nxt if rng.random() < 0.8 else None
                note = rng.choice(NOTES["nicht erreicht"])
                emit(day, who, self.not_reached, call_channel, call_format, follow_up, note)
                t = nxt
                continue
            failed = 0
            fmt = rng.choices(formats[0], cum_weights=formats[1])[0]
            nxt = day + max(7, int(step * rng.uniform(0.8, 1.2)))
            follow_up = nxt if rng.random() < 0.85 else None
            pool = NOTES.get(role if department else fmt, NOTES[""])
            emit(day, who, rng.choices(self.reached[0], cum_weights=self.reached[1])[0],
                 rng.choices(self.channels[0], cum_weights=self.channels[1])[0], fmt, follow_up,
                 rng.choice(pool) if rng.random() < 0.75 else "")  # fmt: skip
            monday = day + 7 - (day - 1) % 7
            care = is_lead and care_call and fmt in consultations and monday < min(nxt, stop + 1)
            if care and rng.random() < 0.15:
                # rule 9: the Monday after a consultation the customer is asked how it went
                emit(monday, by, rng.choices(self.reached[0], cum_weights=self.reached[1])[0], call_channel,
                     care_call, follow_up, rng.choice(NOTES["Care Call"]))  # fmt: skip
            t = nxt

    def build(self) -> DemoData:
        rng, config = self.rng, self.config
        leads, advisors, by_department = self.advisors()
        self.segments = [s.segment for s in config.schemes]
        self.segment_weights = [SEGMENT_WEIGHTS.get(s, 5) for s in self.segments]
        weights = [0.5 if a.role == "Teamleiter" else rng.uniform(0.6, 1.5) for a in leads]  # uneven portfolios
        lead_of = [rng.choices(leads, weights)[0].code for _ in range(self.n)]
        fresh_of = {rng.choice([i for i, c in enumerate(lead_of) if c == a.code] or [0]) for a in leads}
        formats = {}
        for segment in self.segments:
            for cls in (*CLASSES, None):
                allowed = config.band(segment, cls).formats
                formats[segment, cls] = (_cum(LEAD_FORMATS, allowed), _cum(CO_FORMATS, allowed))
        codes = [a.code for a in leads]
        first_day = self.today - round(365.25 * self.years)
        groups = []
        for i in range(self.n):
            group = self.group(i, lead_of[i])
            fresh = i in fresh_of or rng.random() < 0.02  # new customers, never contacted yet
            group = replace(group, castings=self.castings(group, fresh))
            group = replace(group, assignments=self.assignments(group, by_department))
            groups.append(group)
            lead_formats, co_formats = formats[group.segment, group.cls]
            if not fresh:
                frequency = config.frequency(group.segment, group.cls)
                self.history(group, LEAD, group.lead, frequency, first_day, self.today, lead_formats, codes)
            for a in group.assignments:
                end = a.end.toordinal() - 1 if a.end else self.today
                self.history(group, a.department, a.advisor, a.frequency, max(a.start.toordinal(), first_day), end,
                             co_formats, codes)  # fmt: skip
        return DemoData(tuple(advisors), tuple(groups), tuple(self.contacts))


def build_demo(as_of: date, groups: int = 300, seed: int = 1, config: Config | None = None, years: int | None = None) -> DemoData:
    """The demo institute on `as_of` (history up to and including that day); more than 2,000
    groups give the benchmark institute with 30 advisors and five years of contacts. `years`
    sets the length of the history instead (the benchmarks' 10-year institute)."""
    return _Builder(as_of, groups, seed, config or default_config(), years).build()
