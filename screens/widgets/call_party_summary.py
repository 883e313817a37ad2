"""The call party's figures on screen: one session per advisor and for the team, every session
side by side (so sessions compare), and a bar chart of meetings booked per session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from model.campaigns import SessionSummary, Tally
from model.entities import Advisor
from model.german import format_date_de
from screens.widgets.text import cells

SUMMARY_COLUMNS = ("Betreuer", "Verbünde", "Anrufe", "erreicht", "Termine", "Folgekontakte")
HISTORY_COLUMNS = ("Call Party", "Min.", "Betreuer", "Anrufe", "erreicht", "Termine", "Folgekontakte")


def _figures(t: Tally) -> tuple[str, ...]:
    return (str(t.calls), str(t.reached), str(t.meetings), str(t.follow_ups))


def session_label(summary: SessionSummary) -> str:
    return f"{format_date_de(summary.start.date())} {summary.start:%H:%M}"


def fill_summary(table: DataTable, summary: SessionSummary, advisors: Mapping[str, Advisor]) -> None:
    table.clear(columns=True)
    table.add_columns(*SUMMARY_COLUMNS)
    for t in summary.advisors:
        name = f"{advisors[t.advisor].name} ({t.advisor})" if t.advisor in advisors else t.advisor
        table.add_row(*cells(name, str(t.queued), *_figures(t)))
    table.add_row("Team", str(summary.team.queued), *_figures(summary.team))


def fill_history(table: DataTable, history: Sequence[SessionSummary]) -> None:
    table.clear(columns=True)
    table.add_columns(*HISTORY_COLUMNS)
    for s in reversed(history):  # newest first: the one just ended is on top
        label = session_label(s) + ("" if s.ended else " (läuft)")
        table.add_row(*cells(label, str(s.minutes), str(len(s.advisors)), *_figures(s.team)))


def draw_chart(plot: PlotextPlot, history: Sequence[SessionSummary]) -> None:
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    plt.title("Termine je Call Party")
    recent = list(history)[-12:]  # a readable number of bars
    if recent:
        labels = [f"{s.start:%d.%m.%y}" for s in recent]
        plt.bar(labels, [s.team.meetings for s in recent], color="green", width=0.4)
        top = max(s.team.meetings for s in recent)
        plt.yticks(list(range(0, top + 1, max(1, (top + 3) // 4))))
    plot.refresh()
