"""Importing other tools' exports: KoboToolbox workbooks with repeat sheets, ODK Central CSV."""

from __future__ import annotations

import uuid

from openpyxl import Workbook

from exports import import_responses

KOBO_MAIN = [
    "start",
    "end",
    "age",
    "home/rooms",
    "home/pets",
    "supports",
    "supports/family",
    "supports/friends",
    "supports/services",
    "supports/nobody",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "meta/instanceID",
]
KOBO_REPEAT = [
    "member_name",
    "member_age",
    "_index",
    "_parent_table_name",
    "_parent_index",
    "_submission__id",
    "_submission__uuid",
    "_submission__submission_time",
    "_submission__validation_status",
    "_submission___version__",
]


def kobo_workbook(path, first: str, second: str) -> None:
    workbook = Workbook()
    main = workbook.active
    main.title = "Wellbeing survey"
    main.append(KOBO_MAIN)
    for index, (instance, age) in enumerate(((first, 33), (second, 71)), start=1):
        main.append(
            [
                "2026-03-05T10:00:00.000+00:00",
                "2026-03-05T10:20:00.000+00:00",
                age,
                2,
                "dog",
                "friends",
                0,
                1,
                0,
                0,
                100 + index,
                instance,
                f"2026-03-05T10:2{index}:00",
                None,
                None,
                "submitted_via_web",
                None,
                "vabc123",
                None,
                index,
                f"uuid:{instance}",
            ]
        )
    repeat = workbook.create_sheet("household")
    repeat.append(KOBO_REPEAT)
    members = [("Ann", 40, 1), ("Ben", 9, 1), ("Cal", 70, 2)]
    for index, (name, age, parent) in enumerate(members, start=1):
        instance = first if parent == 1 else second
        repeat.append(
            [name, age, index, "Wellbeing survey", parent, 100 + parent, instance, None, None, "v"]
        )
    workbook.save(path)


def test_kobo_workbook_with_a_repeat_sheet(store, survey, tmp_path):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    path = tmp_path / "kobo.xlsx"
    kobo_workbook(path, first, second)
    report = import_responses(store, "wellbeing", path)
    assert report.accepted, [str(p) for p in report.problems]
    assert report.sessions_added == 2 and report.sheets == ["Wellbeing survey", "household"]
    assert "Wellbeing survey: _submission_time" in report.ignored_columns
    answers = store.repos.sessions.answers(first)
    assert (
        answers["age"] == 33 and answers["home/rooms"] == 2 and answers["supports"] == ["friends"]
    )
    assert answers["household[1]/member_name"] == "Ann"
    assert answers["household[2]/member_age"] == 9
    assert store.repos.sessions.answers(second)["household[1]/member_name"] == "Cal"
    session = store.repos.sessions.get(first)
    assert session["started_at"] == "2026-03-05T10:00:00.000Z"  # from Kobo's start
    again = import_responses(store, "wellbeing", path)
    assert again.accepted and again.answers_written == 0 and again.sessions_unchanged == 2


def test_kobo_repeat_row_without_its_parent_is_refused(store, survey, tmp_path):
    path = tmp_path / "kobo.xlsx"
    kobo_workbook(path, str(uuid.uuid4()), str(uuid.uuid4()))
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["household"]["E3"] = 9
    workbook.save(path)
    report = import_responses(store, "wellbeing", path)
    assert not report.accepted
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [
        ("household", 3, "_parent_index")
    ]


def test_odk_central_csv_with_dash_paths(store, survey, tmp_path):
    key = str(uuid.uuid4())
    path = tmp_path / "central.csv"
    path.write_text(
        "SubmissionDate,age,home-rooms,mood,meta-instanceID,KEY,SubmitterName,ReviewState\n"
        f"2026-03-06T08:00:00.000Z,50,4,ok,uuid:{key},uuid:{key},Ann,approved\n",
        encoding="utf-8",
    )
    report = import_responses(store, "wellbeing", path)
    assert report.accepted, [str(p) for p in report.problems]
    answers = store.repos.sessions.answers(key)
    assert answers == {"age": 50, "home/rooms": 4, "mood": "ok"}
    assert store.repos.sessions.get(key)["started_at"] == "2026-03-06T08:00:00.000Z"


def test_semicolon_csv_with_a_bom(store, survey, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffage;comments\n44;café, naïve\n".encode())
    report = import_responses(store, "wellbeing", path)
    assert report.accepted, [str(p) for p in report.problems]
    rows = store.rows("SELECT value FROM answers WHERE path = 'comments' AND value LIKE '%caf%'")
    assert rows == [{"value": '"café, naïve"'}]
