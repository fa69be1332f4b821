"""The demo's codebook, applied to whatever notes and text answers the demo holds.

Each demo programme gets the same themes (names match, so a matrix across the three
programmes lines them up) and every sentence that matches a theme's keyword rule is coded
with it, so a new user opening Connections sees partnership themes recur across sites and
programmes at once. Works on any notes present (none gives a codebook and no codings).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.codebook import Codebook
from storage.codings import is_free_text_question

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class DemoCode:
    name: str
    parent: str
    colour: str
    description: str
    inclusion: str = ""
    exclusion: str = ""
    keywords: str = ""  # a regular expression matched against each sentence


DEMO_CODES = (
    DemoCode(
        "Information sharing",
        "",
        "#4e79a7",
        "How information about people moves (or fails to move) between agencies and staff.",
        "Records, referrals, case notes, IT systems, who is told what.",
        "Communication with clients and carers themselves: code under Culture and trust.",
        r"\b(information|inform(ed)?|(nobody|never) (told|said|rang)|tell us|"
        r"communicat\w*|find out|kept in the dark)\b",
    ),
    DemoCode(
        "Shared records and systems",
        "Information sharing",
        "#6b9bd1",
        "Case records, IT systems and databases that teams can or cannot see.",
        "Mentions of systems, records, notes, access to files.",
        keywords=r"\b(records?|record systems?|case (management )?system|SystmOne|software|"
        r"chronology|read-only|paperwork|history \w+ times|write it down)\b",
    ),
    DemoCode(
        "Consent and confidentiality",
        "Information sharing",
        "#2f5f8a",
        "Rules on consent and data protection that help or block sharing.",
        keywords=r"\b(confidential\w*|data protection|GDPR|permission|may e-?mail|"
        r"allowed to share)\b",
    ),
    DemoCode(
        "Joint management",
        "",
        "#f28e2b",
        "Managing integrated teams across agencies: structures, roles, accountability.",
        "Who manages whom, joint posts, team meetings across agencies.",
        "Budgets: code under Pooled budgets.",
        r"\b(manag(er|ers|ement)|joint (management|post)s?|operational lead|leadership|"
        r"accountab\w+|who decides|escalat\w+)\b",
    ),
    DemoCode(
        "Co-location",
        "Joint management",
        "#f7b267",
        "Working in the same building or office, and what it changes.",
        keywords=r"\b(co-?locat\w*|same (office|building|base)|share a building|one building|"
        r"moved in together|locality hub|row of desks)",
    ),
    DemoCode(
        "Line management and supervision",
        "Joint management",
        "#c46c12",
        "Dual or split line management, supervision and professional accountability.",
        keywords=r"\b(line-? ?manag\w+|supervision|team leader|appraisal|both lines)\b",
    ),
    DemoCode(
        "Pooled budgets",
        "",
        "#59a14f",
        "Pooled or aligned budgets, section 75 agreements, who pays for what.",
        "Funding arrangements between agencies.",
        "Personal budgets and direct payments of a client.",
        r"\b(pooled|budgets?|Better Care Fund|section 75|fund(ing|ed)|who pays|whose budget|"
        r"which organisation pays|commission\w*)\b",
    ),
    DemoCode(
        "Culture and trust",
        "",
        "#e15759",
        "Professional cultures, respect and trust between agencies and with families.",
        "Attitudes, relationships, 'them and us', feeling listened to.",
        keywords=r"(?<!in a )\b(cultur\w*|trust(ed|s)?|respect\w*|relationships?|goodwill|"
        r"them and us|listened|sceptical)\b",
    ),
    DemoCode(
        "Professional cultures",
        "Culture and trust",
        "#f08a8b",
        "Different professional models, languages and priorities (health, social care, education).",
        keywords=r"\b(professional\w*|medical model|social model|attitudes? to risk|"
        r"unwise decisions|trained to|different worlds|jargon|nurses on one side)\b",
    ),
    DemoCode(
        "Loss of support at transitions",
        "",
        "#b07aa1",
        "Support that stops or thins when someone moves between services, ages or settings.",
        "Discharge, turning 18 or 65, moving school, case closure, hand-overs.",
        "Planned endings the person agreed to.",
        r"\b(transition\w*|discharg\w*|hand-?(overs?|offs?)|support stopped|it just stops|"
        r"when \w+ ended|gap|fall between|adult services|at (17|18)|eighteen|moving to)\b",
    ),
    DemoCode(
        "Hospital discharge",
        "Loss of support at transitions",
        "#d3a6c9",
        "Leaving hospital or a day hospital, and what follows at home.",
        keywords=r"\b(discharg\w*|hospital|ward nurse|came home|coming home|care package|"
        r"package of care|medically fit)\b",
    ),
    DemoCode(
        "Access and waiting",
        "",
        "#76b7b2",
        "Getting into services: referral routes, thresholds, waiting times.",
        keywords=r"\b(wait(ing|ed)?|referr\w*|thresholds?|delay\w*|criteria|getting in|"
        r"way in|weeks for|months from|nearly a year|on the list)\b",
    ),
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*", re.UNICODE)
_MEMOS = (
    "Recurs across sites: compare with the other programmes.",
    "Strong example; candidate quote for the report.",
    "Contrast with the staff view of the same change.",
    "Check with the team whether this is still the case.",
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _units(store: Store, study_id: str) -> list[tuple[str, str, str]]:
    """(column, id, text) of the live notes and free-text answers of a study."""
    notes = store.rows(
        "SELECT n.id, n.text FROM notes n JOIN sessions s ON s.id = n.session_id "
        "WHERE s.study_id = ? AND n.deleted = 0 AND s.deleted = 0 "
        "ORDER BY s.started_at, n.position",
        (study_id,),
    )
    answers = store.rows(
        "SELECT a.id, a.path, a.value, s.instrument_id FROM answers a "
        "JOIN sessions s ON s.id = a.session_id "
        "WHERE s.study_id = ? AND a.deleted = 0 AND s.deleted = 0 "
        "AND json_type(a.value) = 'text' AND a.path NOT LIKE '\\_%' ESCAPE '\\' "
        "ORDER BY s.started_at, a.path",
        (study_id,),
    )
    units = [("note_id", row["id"], row["text"]) for row in notes]
    for row in answers:
        text = json.loads(row["value"]).strip()
        # A comment written as a sentence, not a name typed in a text box (an organisation).
        if len(text.split()) >= 4 and text.endswith((".", "!", "?")):
            if is_free_text_question(store, row["instrument_id"], row["path"]):
                units.append(("answer_id", row["id"], text))
    return units


def _already_coded(store: Store, code_ids: list[str]) -> bool:
    marks = ", ".join("?" for _ in code_ids)
    return bool(
        store.scalar(
            f"SELECT count(*) FROM codings WHERE deleted = 0 AND code_id IN ({marks})",
            tuple(code_ids),
        )
    )


def _demo_study_ids(store: Store) -> list[str]:
    from storage.demo import PROGRAMMES

    ids = []
    for programme in PROGRAMMES:
        study = store.repos.studies.by_name(programme.study)
        if study is not None:
            ids.append(study["id"])
    return ids or [row["id"] for row in store.repos.studies.list()]


def add_codebook_demo(store: Store, rng: random.Random) -> dict[str, int]:
    """Give each demo study the demo codebook and code its notes by the keyword rules.

    Returns the codes and codings added. One transaction: all or nothing. A study whose
    demo codes already hold codings is not coded again, so a second call adds nothing.
    """
    codebook = Codebook(store)
    rules = [(code, re.compile(code.keywords, re.IGNORECASE)) for code in DEMO_CODES]
    counts = {"codes": 0, "codings": 0}
    writer = store.repos.writer
    with store.transaction():
        for study_id in _demo_study_ids(store):
            ids: dict[str, str] = {}
            for code in DEMO_CODES:
                existing = codebook.by_name(study_id, code.name)
                if existing is not None:
                    ids[code.name] = existing["id"]
                    continue
                ids[code.name] = codebook.add(
                    study_id,
                    code.name,
                    ids.get(code.parent),
                    code.description,
                    code.colour,
                    code.inclusion,
                    code.exclusion,
                )
                counts["codes"] += 1
            if _already_coded(store, list(ids.values())):
                continue
            for column, unit_id, text in _units(store, study_id):
                for start, end in _sentences(text):
                    sentence = text[start:end]
                    matched = [code for code, rule in rules if rule.search(sentence)]
                    # A subcode that matches stands for its parent theme (the matrix rolls up).
                    parents = {code.parent for code in matched if code.parent}
                    for code in matched:
                        if code.name in parents:
                            continue
                        memo = rng.choice(_MEMOS) if rng.random() < 0.08 else ""
                        writer.insert(
                            "codings",
                            {
                                "code_id": ids[code.name],
                                column: unit_id,
                                "start": start,
                                "end": end,
                                "memo": memo,
                            },
                        )
                        counts["codings"] += 1
    return counts
