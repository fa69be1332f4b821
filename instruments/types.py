"""The question types Fieldnotes knows, their XLSForm aliases, and laptop downgrades.

One table answers three questions about a `type` cell: which normalised type the question
has in our model, how the row is spelt in XLSForm once pure aliases are folded (the corpus
manifest counts rows that way), and, for types a laptop cannot capture as designed
(GPS, camera, barcode scanner, external files), how it is entered instead.

Aliases follow what pyxform 4.x accepts: `begin group` / `begin_group`, `select one x`,
`select_one x or_other`, `add text prompt`, `int`, `select all that apply`, `imei`, ...
Like pyxform, type names are case-sensitive (`dateTime` and `datetime` are both accepted,
`Integer` is not); sheet names and column headers are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Boundary = Literal["begin", "end"]

#: Types a question can have in the model and that the laptop captures as designed.
SUPPORTED_TYPES: frozenset[str] = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "select_one",
        "select_multiple",
        "rank",
        "range",
        "date",
        "time",
        "dateTime",
        "note",
        "acknowledge",
        "calculate",
        "hidden",
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "email",
        "audit",
        "start-geopoint",
        "group",
        "repeat",
    }
)

#: Values filled in by the app, never asked of the respondent.
METADATA_TYPES: frozenset[str] = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "email",
        "audit",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
    }
)

CONTAINER_TYPES: frozenset[str] = frozenset({"group", "repeat"})

#: Types whose question has a choice list (directly, not through a file).
SELECT_TYPES: frozenset[str] = frozenset({"select_one", "select_multiple", "rank"})

#: How a downgraded answer is entered on the laptop.
EnteredAs = Literal["text", "attachment", "acknowledge", "none", "repeat"]


@dataclass(frozen=True, slots=True)
class Downgrade:
    """The laptop equivalent of a type that needs a phone's hardware or an external file."""

    entered_as: EnteredAs
    text: str


#: Every type that imports with a downgrade, keyed by its normalised model type.
DOWNGRADES: dict[str, Downgrade] = {
    "geopoint": Downgrade("text", "geopoint: entered as typed coordinates"),
    "geotrace": Downgrade("text", "geotrace: entered as typed coordinates (a line of points)"),
    "geoshape": Downgrade("text", "geoshape: entered as typed coordinates (a closed shape)"),
    "image": Downgrade("attachment", "image: attach a file"),
    "audio": Downgrade("attachment", "audio: attach a file"),
    "video": Downgrade("attachment", "video: attach a file"),
    "file": Downgrade("attachment", "file: attach a file"),
    "osm": Downgrade("attachment", "osm: OpenStreetMap capture not available; attach a file"),
    "barcode": Downgrade("text", "barcode: typed text"),
    "trigger": Downgrade("acknowledge", "trigger: entered as an acknowledgement"),
    "select_one_from_file": Downgrade(
        "text", "select_one_from_file: choices from file not available; typed text"
    ),
    "select_multiple_from_file": Downgrade(
        "text",
        "select_multiple_from_file: choices from file not available; "
        "typed text (values separated by spaces)",
    ),
    "select_one_external": Downgrade(
        "text", "select_one_external: external choices not available; typed text"
    ),
    "background-audio": Downgrade("none", "background-audio: not recorded on a laptop"),
    "background-geopoint": Downgrade("none", "background-geopoint: not recorded on a laptop"),
    "xml-external": Downgrade("none", "xml-external: external data file not available"),
    "csv-external": Downgrade("none", "csv-external: external data file not available"),
    "start-geopoint": Downgrade("none", "start-geopoint: no location on a laptop; left blank"),
    "simserial": Downgrade("none", "simserial: no SIM card on a laptop; left blank"),
    "subscriberid": Downgrade("none", "subscriberid: no SIM card on a laptop; left blank"),
    "phonenumber": Downgrade("none", "phonenumber: no phone number on a laptop; left blank"),
    "email": Downgrade("none", "email: no signed-in account on a laptop; left blank"),
    "audit": Downgrade(
        "none", "audit: the form-navigation log is not recorded; Fieldnotes keeps its audit trail"
    ),
}

#: Every normalised model type a question may carry.
ALL_TYPES: frozenset[str] = SUPPORTED_TYPES | frozenset(DOWNGRADES)


def loop_downgrade(list_name: str) -> Downgrade:
    """A `begin loop over list` is held as a repeat with one entry per choice of the list."""
    return Downgrade(
        "repeat", f"loop over {list_name}: entered as a repeat with one entry per choice"
    )


def from_earlier_answers_downgrade(reference: str) -> Downgrade:
    """`select_one ${q}` offers the answers of a repeat; typed text for now."""
    return Downgrade("text", f"select from earlier answers ({reference}): typed text")


@dataclass(frozen=True, slots=True)
class _Plain:
    """A type cell without a list name: its model type and its row spelling."""

    type: str
    row_type: str
    constraint: str | None = None
    hint: str | None = None


def _plain(model_type: str, row_type: str | None = None, **implied: str) -> _Plain:
    return _Plain(model_type, row_type or model_type.lower(), **implied)


# Row spellings: pure aliases fold to the XLSForm name ('add text prompt' -> text,
# 'image' -> photo as pyxform's alias map has it, 'gps' -> geopoint); types pyxform keeps
# apart ('string', 'uri:deviceid', 'hidden') keep their own spelling.
_PLAIN_TYPES: dict[str, _Plain] = {
    # answers
    "text": _plain("text"),
    "string": _plain("text", "string"),
    "q string": _plain("text", "string"),
    "add text prompt": _plain("text"),
    "integer": _plain("integer"),
    "int": _plain("integer"),
    "q int": _plain("integer"),
    "add integer prompt": _plain("integer"),
    "decimal": _plain("decimal"),
    "q decimal": _plain("decimal"),
    "add decimal prompt": _plain("decimal"),
    "range": _plain("range"),
    "date": _plain("date"),
    "q date": _plain("date"),
    "add date prompt": _plain("date"),
    "time": _plain("time"),
    "dateTime": _plain("dateTime"),
    "datetime": _plain("dateTime"),
    "date time": _plain("dateTime"),
    "q date time": _plain("dateTime"),
    "q dateTime": _plain("dateTime"),
    "add date time prompt": _plain("dateTime"),
    "add dateTime prompt": _plain("dateTime"),
    "note": _plain("note"),
    "q note": _plain("note"),
    "add note prompt": _plain("note"),
    "acknowledge": _plain("acknowledge"),
    "q acknowledge": _plain("acknowledge"),
    "add acknowledge prompt": _plain("acknowledge"),
    "calculate": _plain("calculate"),
    "q calculate": _plain("calculate"),
    "add calculate prompt": _plain("calculate"),
    "hidden": _plain("hidden"),
    # old formhub shortcuts that carry their own constraint and hint
    "number of days in last month": _plain(
        "integer", constraint="0 <= . and . <= 31", hint="Enter a number 0-31."
    ),
    "number of days in last six months": _plain(
        "integer", constraint="0 <= . and . <= 183", hint="Enter a number 0-183."
    ),
    "number of days in last year": _plain(
        "integer", constraint="0 <= . and . <= 365", hint="Enter a number 0-365."
    ),
    "percentage": _plain("integer", constraint="0 <= . and . <= 100"),
    "phone number": _plain(
        "text", "phone number", constraint="regex(., '^\\d*$')", hint="Enter numbers only."
    ),
    # metadata
    "start": _plain("start"),
    "start time": _plain("start"),
    "get start time": _plain("start"),
    "end": _plain("end"),
    "end time": _plain("end"),
    "get end time": _plain("end"),
    "today": _plain("today"),
    "get today": _plain("today"),
    "deviceid": _plain("deviceid"),
    "imei": _plain("deviceid"),
    "device id": _plain("deviceid"),
    "get device id": _plain("deviceid"),
    "uri:deviceid": _plain("deviceid", "uri:deviceid"),
    "username": _plain("username"),
    "uri:username": _plain("username", "uri:username"),
    "simserial": _plain("simserial"),
    "sim id": _plain("simserial"),
    "get sim id": _plain("simserial"),
    "uri:simserial": _plain("simserial", "uri:simserial"),
    "subscriberid": _plain("subscriberid"),
    "subscriber id": _plain("subscriberid"),
    "get subscriber id": _plain("subscriberid"),
    "uri:subscriberid": _plain("subscriberid", "uri:subscriberid"),
    "phonenumber": _plain("phonenumber"),
    "get phone number": _plain("phonenumber"),
    "uri:phonenumber": _plain("phonenumber", "uri:phonenumber"),
    "email": _plain("email"),
    "uri:email": _plain("email", "uri:email"),
    "audit": _plain("audit"),
    "start-geopoint": _plain("start-geopoint"),
    "background-audio": _plain("background-audio"),
    "background-geopoint": _plain("background-geopoint"),
    # hardware and files (downgraded)
    "geopoint": _plain("geopoint"),
    "gps": _plain("geopoint"),
    "location": _plain("geopoint"),
    "q location": _plain("geopoint"),
    "q geopoint": _plain("geopoint"),
    "add location prompt": _plain("geopoint"),
    "geotrace": _plain("geotrace"),
    "q geotrace": _plain("geotrace"),
    "geoshape": _plain("geoshape"),
    "q geoshape": _plain("geoshape"),
    "image": _plain("image", "photo"),
    "photo": _plain("image", "photo"),
    "q picture": _plain("image", "photo"),
    "q image": _plain("image", "photo"),
    "add image prompt": _plain("image", "photo"),
    "add photo prompt": _plain("image", "photo"),
    "audio": _plain("audio"),
    "q audio": _plain("audio"),
    "add audio prompt": _plain("audio"),
    "video": _plain("video"),
    "q video": _plain("video"),
    "add video prompt": _plain("video"),
    "file": _plain("file"),
    "add file prompt": _plain("file"),
    "barcode": _plain("barcode"),
    "q barcode": _plain("barcode"),
    "add barcode prompt": _plain("barcode"),
    "trigger": _plain("trigger"),
    "xml-external": _plain("xml-external"),
    "csv-external": _plain("csv-external"),
}

# (model type, row spelling) for the select commands pyxform accepts before a list name.
_SELECT_COMMANDS: dict[str, tuple[str, str]] = {
    "select_one": ("select_one", "select_one"),
    "select one": ("select_one", "select_one"),
    "select1": ("select_one", "select_one"),
    "select one from": ("select_one", "select_one"),
    "add select one prompt using": ("select_one", "select_one"),
    "select_multiple": ("select_multiple", "select_multiple"),
    "select all that apply": ("select_multiple", "select_multiple"),
    "select all that apply from": ("select_multiple", "select_multiple"),
    "add select multiple prompt using": ("select_multiple", "select_multiple"),
    "rank": ("rank", "rank"),
    "select_one_external": ("select_one_external", "select_one_external"),
    "select_one_from_file": ("select_one_from_file", "select_one_from_file"),
    "select one from file": ("select_one_from_file", "select_one_from_file"),
    "select_multiple_from_file": ("select_multiple_from_file", "select_multiple_from_file"),
    "select multiple from file": ("select_multiple_from_file", "select_multiple_from_file"),
}

# Container words after begin/end, and what they open.
_CONTROLS: dict[str, str] = {
    "group": "group",
    "repeat": "repeat",
    "lgroup": "repeat",
    "looped group": "repeat",
    "loop": "loop",
}

#: Survey rows whose type is a setting (`form_title | My form`), as pyxform allows.
SETTING_ROW_TYPES: dict[str, str] = {
    "form_title": "form_title",
    "set_form_title": "form_title",
    "form_id": "form_id",
    "set_form_id": "form_id",
    "prefix": "prefix",
}

_CONTROL_WORDS = "|".join(re.escape(word) for word in _CONTROLS)
_RE_BEGIN = re.compile(
    rf"^begin(?:\s|_)(?P<control>{_CONTROL_WORDS})(?: (?:over )?(?P<list_name>\S+))?$"
)
_RE_END = re.compile(rf"^end(?:\s|_)(?P<control>{_CONTROL_WORDS})$")
_RE_SELECT = re.compile(
    r"^(?P<command>"
    + "|".join(re.escape(command) for command in _SELECT_COMMANDS)
    + r") (?P<list_name>\S+)(?: (?P<other>or specify other|or_other|or other))?$"
)
_RE_OSM = re.compile(r"^osm (?P<list_name>\S+)$")


@dataclass(frozen=True, slots=True)
class ParsedType:
    """What one `type` cell means.

    `type` is the normalised model type ('group' and 'repeat' for begin rows, also for a
    loop, which is held as a repeat); `row_type` is the XLSForm row spelling used to
    count raw rows ('begin_group', 'end_repeat', 'select_one', 'photo', 'string', ...).
    """

    raw: str
    type: str
    row_type: str
    boundary: Boundary | None = None
    list_name: str | None = None
    or_other: bool = False
    is_loop: bool = False
    implied_constraint: str | None = None
    implied_hint: str | None = None

    @property
    def downgrade(self) -> Downgrade | None:
        """The laptop equivalent, or None when the type is captured as designed."""
        if self.is_loop:
            return loop_downgrade(self.list_name or "")
        if self.type in SELECT_TYPES and self.list_name and self.list_name.startswith("${"):
            return from_earlier_answers_downgrade(self.list_name)
        return DOWNGRADES.get(self.type)


def parse_type(raw: str) -> ParsedType | None:
    """Read a `type` cell (already stripped, inner spaces collapsed); None if unknown."""
    match = _RE_BEGIN.match(raw)
    if match:
        control = _CONTROLS[match["control"]]
        if control == "loop":
            return ParsedType(
                raw, "repeat", "begin_loop", "begin", list_name=match["list_name"], is_loop=True
            )
        return ParsedType(raw, control, f"begin_{control}", "begin")
    match = _RE_END.match(raw)
    if match:
        control = _CONTROLS[match["control"]]
        return ParsedType(raw, "repeat" if control == "loop" else control, f"end_{control}", "end")
    match = _RE_SELECT.match(raw)
    if match:
        model_type, row_type = _SELECT_COMMANDS[match["command"]]
        return ParsedType(
            raw,
            model_type,
            row_type,
            list_name=match["list_name"],
            or_other=match["other"] is not None,
        )
    match = _RE_OSM.match(raw)
    if match:
        return ParsedType(raw, "osm", "osm", list_name=match["list_name"])
    plain = _PLAIN_TYPES.get(raw)
    if plain is None:
        return None
    return ParsedType(
        raw,
        plain.type,
        plain.row_type,
        implied_constraint=plain.constraint,
        implied_hint=plain.hint,
    )


def row_type_of(raw: str) -> str:
    """The XLSForm row spelling of a type cell; the raw text itself if it is unknown."""
    parsed = parse_type(raw)
    return parsed.row_type if parsed else raw


def entry_type(model_type: str, downgraded: bool) -> str:
    """How the laptop captures an answer: the type itself, or its downgrade's equivalent.

    Returns a supported type name, or 'attachment' (a file is attached), or 'none' (no
    value on a laptop), for the entry screens to pick a widget.
    """
    if not downgraded:
        return model_type
    if model_type in CONTAINER_TYPES:
        return "repeat" if model_type == "repeat" else model_type
    if model_type in SELECT_TYPES:
        return "text"
    found = DOWNGRADES.get(model_type)
    return found.entered_as if found else "text"
