"""A small study whose codings are counted by hand, shared by the coding, search, matrix,
export and GUI tests (imported as a plain module).

Sites North, South and East (East has nothing: an empty column is a finding).
P1 client @North, P2 staff @North, P3 carer @South, P4 staff @South (withdraws later).

Interview 1 (P1, North)         n1 "The pooled budget arrived late and nobody shared the records."
                                n2 Interviewer: "Interviewer asked about discharge."
                                n3 "After discharge from hospital the support stopped."
Interview 2 (P3, South)         n4 "Information sharing between the teams is poor; the records
                                    are kept apart."
                                n5 "My mother lost support at the transition to adult services."
Focus group (South; P2, P4)     n6 P2 "We never see the same records as health."
                                n7 P4 "The pooled budget helped us trust each other."
                                n8 Facilitator "What about trust?"
                                n9 P2 "Trust grew once we were co-located."
Questionnaire (P1, North)       comments "Budget cuts hurt the team." (free text), agree "agree"

Codes: Information sharing > Shared records; Pooled budgets; Culture and trust; Transitions.
Codings: n1 PB "pooled budget", SR "shared the records"; n3 TR (whole); n4 IS (whole),
SR "the records are kept apart"; n5 TR "lost support at the transition"; n6 SR "the same
records"; n7 PB "pooled budget", CT "trust each other"; n8 CT "trust"; n9 CT "Trust grew";
answer PB "Budget cuts".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from instruments.model import Choice, Instrument, Question, Topic
from storage.codebook import Codebook
from storage.codings import answer_unit, apply_codes, note_unit
from storage.qualitative import RosterEntry, start_focus_group, start_interview
from storage.repositories.sessions import answer_id
from storage.store import Store

CONSENT = ("given", "2026-03-01", "written form", "Tester")


@dataclass
class Corpus:
    study: str
    sites: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    families: dict[str, str] = field(default_factory=dict)


def _guide(kind: str, title: str) -> dict:
    topic = Topic(id="experience", title="Experience", question="Tell me", order=1)
    return Instrument(kind=kind, form_id=title.lower(), title=title, topics=[topic]).to_dict()


def _questionnaire() -> dict:
    return Instrument(
        kind="questionnaire",
        form_id="survey",
        title="Survey",
        questions=[
            Question(name="comments", type="text", path="comments"),
            Question(name="agree", type="select_one", path="agree", list_name="yn"),
        ],
        choice_lists={"yn": [Choice(name="agree", labels={"": "Agree"})]},
    ).to_dict()


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def build_corpus(store: Store) -> Corpus:
    repos = store.repos
    corpus = Corpus(repos.studies.add("Evaluation"))
    study = corpus.study
    for name in ("North", "South", "East"):
        corpus.sites[name] = repos.studies.add_site(study, name)
    for code, role, site in (
        ("P1", "client", "North"),
        ("P2", "staff", "North"),
        ("P3", "carer", "South"),
        ("P4", "staff", "South"),
    ):
        person = repos.participants.add(study, code, role=role, site_id=corpus.sites[site])
        repos.participants.record_consent(person, *CONSENT)
        corpus.people[code] = person
    interview = repos.instruments.add(
        study, "interview", "Interview guide", _guide("interview", "I")
    )
    group = repos.instruments.add(study, "focus_group", "Group guide", _guide("focus_group", "G"))
    survey = repos.instruments.add(study, "questionnaire", "Survey", _questionnaire())
    corpus.families = {"interview": interview, "group": group, "survey": survey}
    notes = repos.notes
    one = start_interview(store, study, interview, corpus.people["P1"], started_at="2026-04-01")
    two = start_interview(store, study, interview, corpus.people["P3"], started_at="2026-04-02")
    fg = start_focus_group(
        store,
        study,
        group,
        [RosterEntry(corpus.people["P2"], "P2"), RosterEntry(corpus.people["P4"], "P4")],
        site_id=corpus.sites["South"],
        started_at="2026-04-03",
    )
    corpus.sessions = {"one": one, "two": two, "group": fg}
    texts = {
        "n1": (one, "The pooled budget arrived late and nobody shared the records.", None, ""),
        "n2": (one, "Interviewer asked about discharge.", None, "Interviewer"),
        "n3": (one, "After discharge from hospital the support stopped.", None, ""),
        "n4": (
            two,
            "Information sharing between the teams is poor; the records are kept apart.",
            None,
            "",
        ),
        "n5": (two, "My mother lost support at the transition to adult services.", None, ""),
        "n6": (fg, "We never see the same records as health.", "P2", "P2"),
        "n7": (fg, "The pooled budget helped us trust each other.", "P4", "P4"),
        "n8": (fg, "What about trust?", None, "Facilitator"),
        "n9": (fg, "Trust grew once we were co-located.", "P2", "P2"),
    }
    for key, (session, text, speaker, label) in texts.items():
        speaker_id = corpus.people[speaker] if speaker else None
        corpus.notes[key] = notes.add(session, text, speaker_id=speaker_id, speaker_label=label)
    answers = start_answers(store, corpus, survey)
    codebook = Codebook(store)
    codes = corpus.codes
    codes["IS"] = codebook.add(study, "Information sharing", colour="#4e79a7")
    codes["SR"] = codebook.add(study, "Shared records", codes["IS"], colour="#9ecae1")
    codes["PB"] = codebook.add(study, "Pooled budgets", colour="#59a14f")
    codes["CT"] = codebook.add(study, "Culture and trust", colour="#e15759")
    codes["TR"] = codebook.add(study, "Transitions", colour="#b07aa1")
    plan = [
        ("n1", "PB", "pooled budget"),
        ("n1", "SR", "shared the records"),
        ("n3", "TR", None),
        ("n4", "IS", None),
        ("n4", "SR", "the records are kept apart"),
        ("n5", "TR", "lost support at the transition"),
        ("n6", "SR", "the same records"),
        ("n7", "PB", "pooled budget"),
        ("n7", "CT", "trust each other"),
        ("n8", "CT", "trust"),
        ("n9", "CT", "Trust grew"),
    ]
    for note, code, words in plan:
        unit = note_unit(store, corpus.notes[note])
        start, end = _span(unit.text, words) if words else (0, len(unit.text))
        apply_codes(store, unit, [codes[code]], start, end)
    unit = answer_unit(store, answers)
    apply_codes(store, unit, [codes["PB"]], *_span(unit.text, "Budget cuts"))
    return corpus


def start_answers(store: Store, corpus: Corpus, survey: str) -> str:
    """The questionnaire session of P1 with one free-text and one choice answer."""
    session = store.repos.sessions.start(
        corpus.study,
        survey,
        site_id=corpus.sites["North"],
        participant_id=corpus.people["P1"],
        started_at="2026-04-04",
    )
    corpus.sessions["survey"] = session
    store.repos.sessions.save_answer(session, "comments", "Budget cuts hurt the team.")
    store.repos.sessions.save_answer(session, "agree", "agree")
    corpus.answers = {
        "comments": answer_id(session, "comments"),
        "agree": answer_id(session, "agree"),
    }
    return corpus.answers["comments"]
