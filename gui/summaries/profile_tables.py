"""The partnership profile as tables and charts: organisation scores per principle, and the
distribution of agreement within one principle. Presentation only; the figures and the
disagreement flag come from storage.partnership_profile.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart

from gui.charts import GREY, colour, empty_chart, horizontal_bars, ordinal_colours
from gui.charts import wrap as wrap_text
from gui.result_table import GridRow, count_text, number_text
from storage.partnership_profile import PartnershipProfile, PrincipleProfile, ScaleChoice

DISAGREE_MARK = "Partners disagree"


def explanation(profile: PartnershipProfile) -> str:
    """The spread measure and threshold, in the words the screen shows."""
    return (
        "Scores: strongly disagree 1 to strongly agree 4; don't know and missing answers are "
        "left out. An organisation's score is the mean of its respondents' scores. "
        f"Spread = highest minus lowest organisation score, over organisations with at least "
        f"{profile.min_respondents} respondents. A spread of {profile.threshold:.1f} or more "
        "(one whole step of the scale) is flagged: partners disagree, whether the scores are "
        f"high or low. * fewer than {profile.min_respondents} respondents: shown, not compared."
    )


def headline(profile: PartnershipProfile) -> str:
    flagged = profile.flagged()
    if not any(p.spread for p in profile.principles):
        return (
            "Too few respondents to compare organisations: each needs at least "
            f"{profile.min_respondents} for a principle."
        )
    if not flagged:
        widest = profile.ranked()[0]
        return (
            "No principle reaches the threshold: partners broadly agree. Widest spread: "
            f"{widest.label} ({widest.spread.range:.2f})."
        )
    names = "; ".join(f"{p.label} (spread {p.spread.range:.2f})" for p in flagged)
    return f"Partners disagree most on: {names}."


def compared_organisations(profile: PartnershipProfile) -> list[str]:
    """Organisations that take part in the spread of at least one principle."""
    return [
        name
        for name in profile.organisations
        if any(p.score_of(name).counted for p in profile.principles)
    ]


def principle_grid(profile: PartnershipProfile) -> tuple[list[str], list[GridRow], list[str]]:
    """(headers, rows, header tooltips): one row per principle, one column per organisation."""
    organisations = profile.organisations
    headers = ["Principle", "All partners", *[wrap_text(o, 20, 3) for o in organisations]]
    headers += ["Spread", "SD"]
    tips = ["", "Mean of every respondent's score", *organisations]
    tips += ["Highest minus lowest organisation score", "Population SD of organisation scores"]
    rows = []
    for principle in profile.principles:
        label = (
            f"{principle.label} — {DISAGREE_MARK.lower()}" if principle.flagged else principle.label
        )
        cells = [label, number_text(principle.mean)]
        cell_tips: dict[int, str] = {}
        for offset, name in enumerate(organisations, start=2):
            score = principle.score_of(name)
            text = f"{number_text(score.mean)} (n={score.respondents})"
            if not score.counted and score.respondents:
                text += " *"
                cell_tips[offset] = (
                    f"Fewer than {profile.min_respondents} respondents (or organisation not "
                    "stated): shown, but not part of the spread."
                )
            cells.append(text if score.respondents else "–")
        spread = principle.spread
        cells += [
            number_text(spread.range) if spread else "–",
            number_text(spread.sd) if spread else "–",
        ]
        rows.append(
            GridRow(
                cells,
                marked=principle.flagged,
                tooltip=f"{principle.statements} statements"
                + (
                    f"; {DISAGREE_MARK.lower()} (spread of {profile.threshold:.1f} or more)"
                    if principle.flagged
                    else ""
                ),
                cell_tooltips=cell_tips,
            )
        )
    return headers, rows, tips


def means_chart(profile: PartnershipProfile) -> QChart:
    """Organisation scores side by side for each principle (flagged principles say so)."""
    organisations = compared_organisations(profile)
    title = "Mean agreement by principle and partner organisation"
    if not organisations:
        return empty_chart(title, "No organisation has enough respondents to compare.")
    categories = [
        f"{p.label} — {DISAGREE_MARK.lower()}" if p.flagged else p.label for p in profile.principles
    ]
    sets = [
        (
            wrap_text(name, 48, 1),
            [p.score_of(name).mean or 0.0 for p in profile.principles],
            colour(index),
        )
        for index, name in enumerate(organisations)
    ]
    return horizontal_bars(
        title,
        categories,
        sets,
        "Mean score (1 = strongly disagree, 4 = strongly agree)",
        value_range=(1.0, 4.0),
    )


def ordered_scale(profile: PartnershipProfile) -> list[ScaleChoice]:
    """Scored choices from the lowest score up, then the unscored (don't know)."""
    scored = sorted((c for c in profile.scale if c.score is not None), key=lambda c: c.score)
    return scored + [c for c in profile.scale if c.score is None]


def distribution_grid(
    profile: PartnershipProfile, principle: PrincipleProfile
) -> tuple[list[str], list[GridRow]]:
    scale = ordered_scale(profile)
    headers = ["Organisation", *[c.label for c in scale], "Missing", "Respondents", "Mean"]
    rows = []
    for score in principle.organisations:
        answers = sum(score.counts.values())
        cells = [score.organisation]
        for choice in scale:
            count = score.counts.get(choice.name, 0)
            cells.append(count_text(count, 100.0 * count / answers if answers else None))
        cells += [str(score.missing), str(score.respondents), number_text(score.mean)]
        rows.append(GridRow(cells))
    totals = principle.total_counts()
    answers = sum(totals.values())
    cells = ["All partners"]
    for choice in scale:
        count = totals.get(choice.name, 0)
        cells.append(count_text(count, 100.0 * count / answers if answers else None))
    respondents = sum(s.respondents for s in principle.organisations)
    missing = sum(s.missing for s in principle.organisations)
    cells += [str(missing), str(respondents), number_text(principle.mean)]
    rows.append(GridRow(cells, bold=True))
    return headers, rows


def distribution_chart(profile: PartnershipProfile, principle: PrincipleProfile) -> QChart:
    """Each organisation's answers to the principle's statements as 100% bars."""
    scale = ordered_scale(profile)
    title = f"{principle.label}: answers by organisation"
    if not any(sum(s.counts.values()) for s in principle.organisations):
        return empty_chart(title, "No answers match these filters.")
    scored = [c for c in scale if c.score is not None]
    palette = _agreement_palette(len(scored))
    sets = []
    for choice in scale:
        fill = palette[scored.index(choice)] if choice in scored else GREY
        sets.append(
            (choice.label, [s.counts.get(choice.name, 0) for s in principle.organisations], fill)
        )
    return horizontal_bars(
        title,
        [s.organisation for s in principle.organisations],
        sets,
        "% of this organisation's answers to the principle's statements",
        percent=True,
    )


def _agreement_palette(size: int) -> list[str]:
    return ordinal_colours(size) or [colour(i).name() for i in range(size)]
