"""Who can speak in a focus group, and the bar that picks the current speaker.

Ctrl+1..Ctrl+9 pick roster members 1..9, Ctrl+0 the facilitator; the buttons 'Several'
and 'Unknown' and the type-to-pick box (Ctrl+K: a label, a code or a name, then Enter)
reach everyone. A member without consent given is shown, struck out and red, and cannot
be picked: storage would refuse their turns anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR, buddy_label
from gui.formats import consent_label
from storage.qualitative import FACILITATOR, GROUP_LABELS, SEVERAL, UNKNOWN, RosterMember

SHORTCUT_MEMBERS = 9
BUTTONS_PER_ROW = 8


@dataclass(frozen=True)
class Speaker:
    """A choice of speaker: the label stored on the turn, and the participant if any."""

    label: str
    speaker_id: str | None = None
    description: str = ""
    may_speak: bool = True
    consent: str = ""

    @property
    def shown(self) -> str:
        return self.label if self.may_speak else f"{self.label} ({consent_label(self.consent)})"


def speakers_for(members: list[RosterMember]) -> list[Speaker]:
    """Roster members in seating order, then Facilitator, Several, Unknown."""
    people = [
        Speaker(
            m.label,
            m.participant_id,
            " · ".join(x for x in (m.code, m.role, m.seat) if x),
            m.may_speak,
            m.consent_status,
        )
        for m in members
    ]
    return people + [Speaker(label) for label in GROUP_LABELS]


def shortcut_text(index: int, speaker: Speaker) -> str:
    """The key that picks a speaker: Ctrl+1..9 for members, Ctrl+0 the facilitator."""
    if speaker.speaker_id is not None and index < SHORTCUT_MEMBERS:
        return f"Ctrl+{index + 1}"
    if speaker.label == FACILITATOR:
        return "Ctrl+0"
    return ""


class SpeakerBar(QWidget):
    """One button per speaker and a type-to-pick box; `speaker_changed` on every pick."""

    speaker_changed = Signal(object)  # Speaker
    refused = Signal(str)
    picked_by_typing = Signal()  # the screen puts the cursor back where turns are typed

    def __init__(self, speakers: list[Speaker], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.speakers = speakers
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        grid = QGridLayout()
        grid.setSpacing(4)
        members = sum(1 for s in speakers if s.speaker_id is not None)
        per_row = max(1, min(BUTTONS_PER_ROW, members))
        for index, speaker in enumerate(speakers):
            button = QPushButton(self._button_text(index, speaker))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the typing line keeps the focus
            keys = shortcut_text(index, speaker)
            tip = speaker.description or speaker.label
            button.setToolTip(f"{tip} ({keys})" if keys else tip)
            button.setAccessibleName(f"Speaker {speaker.label}")
            if not speaker.may_speak:
                button.setEnabled(False)
                button.setStyleSheet(f"color: {ERROR_COLOUR}; text-decoration: line-through;")
                button.setToolTip(f"{tip}: consent {consent_label(speaker.consent).lower()}")
            self.group.addButton(button, index)
            self.buttons.append(button)
            if speaker.speaker_id is not None:
                grid.addWidget(button, index // per_row, index % per_row)
            else:  # facilitator, several, unknown: a row of their own under the members
                grid.addWidget(button, (members - 1) // per_row + 1, index - members)
        self.pick = QLineEdit()
        self.pick.setAccessibleName("Pick a speaker by label, code or name")
        self.pick.setPlaceholderText("label or code")
        self.pick.setMaximumWidth(150)
        words = [s.label for s in speakers] + [s.description.split(" · ")[0] for s in speakers]
        completer = QCompleter([w for w in words if w], self.pick)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.pick.setCompleter(completer)
        self.pick.returnPressed.connect(self._pick_typed)
        pick_row = QHBoxLayout()
        pick_row.addWidget(buddy_label("Pic&k (Ctrl+K):", self.pick))
        pick_row.addWidget(self.pick)
        pick_row.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addSpacing(16)
        layout.addLayout(pick_row, 1)
        self.group.idClicked.connect(self.choose_index)
        self.current_index = -1
        first = next((i for i, s in enumerate(speakers) if s.label == FACILITATOR), 0)
        self.choose_index(first)

    @staticmethod
    def _button_text(index: int, speaker: Speaker) -> str:
        keys = shortcut_text(index, speaker)
        number = keys.removeprefix("Ctrl+")
        text = speaker.shown.replace("&", "&&")
        if speaker.label == SEVERAL:
            return "Severa&l"
        if speaker.label == UNKNOWN:
            return "&Unknown"
        return f"{number} {text}" if number else text

    def current(self) -> Speaker:
        return self.speakers[self.current_index]

    def choose_index(self, index: int) -> bool:
        """Make speaker `index` current; False (and `refused`) if they may not speak."""
        if not 0 <= index < len(self.speakers):
            return False
        speaker = self.speakers[index]
        if not speaker.may_speak:
            self.refused.emit(f"{speaker.label}: consent is not given, no turns can be recorded.")
            return False
        self.current_index = index
        self.buttons[index].setChecked(True)
        self.speaker_changed.emit(speaker)
        return True

    def choose_shortcut(self, number: int) -> bool:
        """Ctrl+<number>: 1..9 the members in order, 0 the facilitator."""
        index = self.index_for_shortcut(number)
        return index is not None and self.choose_index(index)

    def index_for_shortcut(self, number: int) -> int | None:
        for index, speaker in enumerate(self.speakers):
            if shortcut_text(index, speaker) == f"Ctrl+{number}":
                return index
        return None

    def find(self, typed: str) -> int | None:
        """The speaker whose label or code is `typed` (case-insensitive), else a unique prefix."""
        key = typed.strip().casefold()
        if not key:
            return None
        names = [
            (i, s.label.casefold(), s.description.split(" · ")[0].casefold())
            for i, s in enumerate(self.speakers)
        ]
        for index, label, code in names:
            if key in (label, code):
                return index
        starts = [i for i, label, code in names if label.startswith(key) or code.startswith(key)]
        return starts[0] if len(starts) == 1 else None

    def _pick_typed(self) -> None:
        index = self.find(self.pick.text())
        if index is None:
            self.refused.emit(f"No one on the roster is called {self.pick.text()!r}.")
            return
        if self.choose_index(index):
            self.pick.clear()
            self.picked_by_typing.emit()


class SpeakerCaption(QLabel):
    """'Speaking: P3 — CUM-K02 · carer', above the line where the turn is typed."""

    def show_speaker(self, speaker: Speaker) -> None:
        detail = f" — {speaker.description}" if speaker.description else ""
        self.setText(f"Speaking: <b>{speaker.label}</b>{detail}")
