"""Reading, checking and writing the rows of an import, one row in memory at a time.

Each row is checked whole (metadata, then every answer against the question in the row's
instrument version) and written at once if it has no problem; any problem anywhere makes
the caller roll the whole transaction back, so the checks of later rows still run and
every bad cell is reported.
"""

from __future__ import annotations

import uuid
from typing import Any

from exports.context import Ticker
from exports.import_columns import ColumnRole, SheetColumns, map_columns
from exports.import_report import ImportReport
from exports.import_row import ImportRow, QuestionCells, plan_questions, read_answers
from exports.import_rules import RowVerdict, judge_row
from exports.import_session import SessionReader
from exports.import_sheets import SheetGroup
from exports.import_values import text_of
from exports.questionnaire_layout import FamilyLayout, RepeatSpec
from instruments.answers import instance_path, question_path_of
from storage.import_data import ResponseWriter


class RowImporter:
    """Checks and writes the rows of one form's sheets through a ResponseWriter."""

    def __init__(
        self,
        writer: ResponseWriter,
        layout: FamilyLayout,
        form: dict[str, Any],
        report: ImportReport,
        ticker: Ticker,
    ) -> None:
        self.writer = writer
        self.layout = layout
        self.form = form
        self.report = report
        self.ticker = ticker
        self.sessions = SessionReader(writer, layout, form)
        # table name -> (_index -> (session id, instrument id, repeat instance key))
        self.tables: dict[str, dict[int, tuple[str, str, tuple[int, ...]]]] = {}
        self.session_participant: dict[str, str | None] = {}
        # the stored repeat instances of the session last looked at (rows come grouped)
        self._instances: dict[str, dict[str, set[tuple[int, ...]]]] = {}

    # --- sheets ---------------------------------------------------------------------------

    def _columns(self, group: SheetGroup, repeat: str | None) -> SheetColumns:
        """The roles of a sheet's columns; unknown and unusable headers are refused."""
        columns = map_columns(group.headers, self.layout, repeat)
        for position, header, why in columns.refused:
            self.report.refuse(group.name, 1, position, header, None, why)
        for role in columns.unknown:
            if not role.header:
                continue
            self.report.refuse(
                group.name,
                1,
                role.position,
                role.header,
                None,
                f"unknown column: not a question of {self.layout.name!r}, nor a column the "
                "import reads (headers must be question names, not labels)",
            )
        self.report.ignored_columns += [
            f"{group.name}: {role.header}" for role in columns.roles if role.kind == "ignored"
        ]
        return columns

    def _row(self, name: str, number: int, values: list[Any], columns: SheetColumns) -> ImportRow:
        """A row, with any value under a blank header refused (it would be lost)."""
        row = ImportRow(name, number, values, self.report)
        for role in columns.unknown:
            if not role.header and row.cell(role) is not None:
                row.refuse(role, "a value in a column without a header", row.cell(role))
        return row

    def main_sheet(self, group: SheetGroup) -> None:
        columns = self._columns(group, None)
        plan = plan_questions(columns)
        index_role = columns.meta("_index")
        table = self.tables.setdefault(group.name.lower(), {})
        position = 0
        for part in group.parts:
            for number, values in part.rows():
                position += 1
                row = self._row(part.name, number, values, columns)
                found = self._main_row(row, columns, plan)
                if found is not None:
                    table[_index_of(row.cell(index_role), position)] = found
                self.report.rows_read += 1
                self.ticker.tick()

    def repeat_sheet(self, group: SheetGroup, repeat: RepeatSpec, parent_default: str) -> None:
        columns = self._columns(group, repeat.path)
        plan = plan_questions(columns)
        roles = {name: columns.meta(name) for name in ("_index", "_parent_index")}
        parent_name_role = columns.meta("_parent_table_name")
        table = self.tables.setdefault(group.name.lower(), {})
        stored: dict[tuple[str, tuple[int, ...]], list[int]] = {}
        siblings: dict[tuple[str, tuple[int, ...]], int] = {}
        position = 0
        for part in group.parts:
            for number, values in part.rows():
                position += 1
                row = self._row(part.name, number, values, columns)
                parent_table = text_of(row.cell(parent_name_role) or parent_default).lower()
                raw_parent = row.cell(roles["_parent_index"])
                parent = self.tables.get(parent_table, {}).get(_index_of(raw_parent, -1))
                if parent is None:
                    row.refuse(
                        roles["_parent_index"] or parent_name_role,
                        f"no row with _index {raw_parent} on sheet {parent_table!r}",
                        raw_parent,
                    )
                    read_answers(row, plan, self.layout, None)  # its cells' problems too
                else:
                    key, new = self._instance(parent, repeat, stored, siblings)
                    self._repeat_row(row, plan, parent, repeat, key, new)
                    table[_index_of(row.cell(roles["_index"]), position)] = (*parent[:2], key)
                self.report.rows_read += 1
                self.ticker.tick()

    # --- rows -----------------------------------------------------------------------------

    def _main_row(
        self, row: ImportRow, columns: SheetColumns, plan: list[QuestionCells]
    ) -> tuple[str, str, tuple[int, ...]] | None:
        session_id = self.sessions.session_id(row, columns)
        existing = self.writer.session(session_id) if session_id else None
        if existing is not None and existing["deleted"]:
            row.refuse(columns.meta("_id"), "this session was deleted in the database", session_id)
        elif existing is not None and existing["family_id"] != self.layout.family_id:
            row.refuse(columns.meta("_id"), "this session belongs to another form", session_id)
            existing = None  # its version says nothing about this form
        instrument_id = self.sessions.version(row, columns, existing)
        fields = self.sessions.fields(row, columns, existing is None)
        answers, where = read_answers(row, plan, self.layout, instrument_id)
        if row.problems or instrument_id is None:
            return None
        stored = self.writer.session_answers(session_id) if existing and session_id else {}
        verdict = self._judge(row, instrument_id, stored, answers, where)
        if row.problems:
            return None
        session_id = session_id or str(uuid.uuid4())
        participant_id = fields.participant_id or (existing or {}).get("participant_id")
        self.session_participant[session_id] = participant_id
        counts = self.writer.counts
        before = (counts.sessions_updated, counts.answers_written)
        if existing is None:
            self._check_consent(row, session_id, columns.meta("participant"))
            self.writer.add_session(session_id, self.form["study_id"], instrument_id, fields)
        else:
            self.writer.update_session(session_id, fields)
        self._write(row, session_id, answers, [], verdict, columns.meta("participant"))
        if existing is not None:
            if (counts.sessions_updated, counts.answers_written) == before:
                self.report.sessions_unchanged += 1
            elif counts.sessions_updated == before[0]:
                # Only answers changed: the session was still updated, and says so once.
                counts.sessions_updated += 1
                counts.session_ids.add(session_id)
        return session_id, instrument_id, ()

    def _repeat_row(
        self,
        row: ImportRow,
        plan: list[QuestionCells],
        parent: tuple[str, str, tuple[int, ...]],
        repeat: RepeatSpec,
        key: tuple[int, ...],
        new: bool,
    ) -> None:
        session_id, instrument_id, _ = parent
        answers, where = read_answers(row, plan, self.layout, instrument_id)
        if row.problems:
            return
        chain = (*repeat.parents, repeat.path)
        indices = dict(zip(chain, key, strict=True))
        paths = {instance_path(path, indices): value for path, value in answers.items()}
        cells = {instance_path(path, indices): role for path, role in where.items()}
        stored = self.writer.session_answers(session_id)
        placeholders = []
        if new and self.layout.counted_by_user(instrument_id, repeat.path):
            count_path = instance_path(repeat.path, dict(zip(chain[:-1], key[:-1], strict=True)))
            count = stored.get(count_path, (0, True))[0]
            if not isinstance(count, int) or count < key[-1]:
                paths[count_path] = key[-1]  # the entry exists for the form engine too
        elif new and not paths:
            first = self._first_question(instrument_id, repeat.path)
            if first:
                placeholders.append(instance_path(first, indices))
        verdict = self._judge(row, instrument_id, stored, paths, cells)
        if not row.problems:
            self._write(row, session_id, paths, placeholders, verdict, None)

    def _judge(
        self,
        row: ImportRow,
        instrument_id: str,
        stored: dict[str, tuple[Any, bool]],
        answers: dict[str, Any],
        cells: dict[str, ColumnRole],
    ) -> RowVerdict:
        """The form engine's verdict on the answers that change something; errors refused."""
        changed = {
            path: value
            for path, value in answers.items()
            if path not in stored or stored[path][0] != value
        }
        if not changed:
            return RowVerdict()
        verdict = judge_row(self.layout.instruments[instrument_id], stored, changed)
        for path, why in verdict.errors.items():
            if path in cells:
                row.refuse(cells[path], why, answers[path])
        return verdict

    def _write(
        self,
        row: ImportRow,
        session_id: str,
        answers: dict[str, Any],
        placeholders: list[str],
        verdict: RowVerdict,
        participant_role: ColumnRole | None,
    ) -> None:
        written = self.writer.write_answers(session_id, answers, placeholders, verdict.relevant)
        if verdict.fixes:
            written += self.writer.set_relevance(session_id, verdict.fixes)
        if written:
            self._check_consent(row, session_id, participant_role)

    def _check_consent(self, row: ImportRow, session_id: str, role: ColumnRole | None) -> None:
        """The consent gate: nothing is recorded for a participant without consent given."""
        participant_id = self.session_participant.get(session_id) or ""
        participant = self.sessions.participants_by_id.get(participant_id)
        if participant is not None and participant["consent_status"] != "given":
            row.refuse(
                role,
                f"participant {participant['code']} has consent "
                f"{participant['consent_status'].replace('_', ' ')}: nothing can be recorded",
                participant["code"],
            )

    def _instance(
        self,
        parent: tuple[str, str, tuple[int, ...]],
        repeat: RepeatSpec,
        stored: dict[tuple[str, tuple[int, ...]], list[int]],
        siblings: dict[tuple[str, tuple[int, ...]], int],
    ) -> tuple[tuple[int, ...], bool]:
        """(instance key, is new) of a repeat row.

        The k-th row under a parent is the parent's k-th stored instance, as the export
        orders them; rows beyond those are new instances numbered after the last.
        """
        session_id, _, parent_key = parent
        slot = (session_id, parent_key)
        if slot not in stored:
            if session_id not in self._instances:
                self._instances = {session_id: self._stored_instances(session_id)}
            keys = self._instances[session_id].get(repeat.path, set())
            stored[slot] = sorted(key[-1] for key in keys if key[:-1] == parent_key)
        count = siblings.get(slot, 0) + 1
        siblings[slot] = count
        numbers = stored[slot]
        if count <= len(numbers):
            return (*parent_key, numbers[count - 1]), False
        return (*parent_key, max(numbers + [0]) + count - len(numbers)), True

    def _stored_instances(self, session_id: str) -> dict[str, set[tuple[int, ...]]]:
        """Repeat path -> entry keys a session has: any answer in them, or counted."""
        keys: dict[str, set[tuple[int, ...]]] = {}
        repeat_chains = self.layout.repeat_chains
        for path, (value, _relevant) in self.writer.session_answers(session_id).items():
            question_path, numbers = question_path_of(path)
            if question_path in repeat_chains and isinstance(value, int):
                chain = repeat_chains[question_path]
                wanted = [(*numbers, n) for n in range(1, min(value, 500) + 1)]
            elif "[" in path and question_path in self.layout.by_path:
                chain = self.layout.by_path[question_path].repeats
                wanted = [tuple(numbers)]
            else:
                continue
            for key in wanted:
                if len(key) != len(chain):
                    continue
                for depth in range(1, len(key) + 1):
                    keys.setdefault(chain[depth - 1], set()).add(key[:depth])
        return keys

    def _first_question(self, instrument_id: str, repeat_path: str) -> str | None:
        shape = self.layout.shapes[instrument_id]
        for path in shape.questions:
            spec = self.layout.by_path.get(path)
            if spec is not None and spec.repeat == repeat_path:
                return path
        return None


def _index_of(raw: Any, fallback: int) -> int:
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return fallback
    return int(number) if number.is_integer() else fallback
