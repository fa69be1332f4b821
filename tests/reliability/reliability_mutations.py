"""Hypothesis strategies that damage real files the way disks, e-mail and people do.

Raw byte damage (flipped bytes, a cut-off end, a spliced-in run, a repeated block) tests the
first line of defence; `mutated_workbook` keeps the zip container valid and damages one
member's XML, so the reader's deeper layers (openpyxl, pyxform, our model) see the damage.
"""

from __future__ import annotations

import io
import traceback
import zipfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st

from tests_support import PROJECT_ROOT

OUR_PACKAGES = ("instruments", "storage", "exports", "gui")
XML_NOISE = (b"<", b">", b"&", b'"', b"\x00", b"</row>", b"<c r=", b"]]>", "é中".encode(), b"\xff")


def examples(ci: int) -> int:
    """`ci` examples under the CI profile; the loaded profile's own count when it asks for more
    (HYPOTHESIS_PROFILE=thorough)."""
    return max(ci, settings.default.max_examples) if settings.default.max_examples > 60 else ci


@st.composite
def damaged_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with one kind of raw damage."""
    data = bytearray(original)
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "repeat", "noise"]))
    if kind == "noise" or not data:
        return draw(st.binary(max_size=4096))
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    at = draw(st.integers(0, len(data) - 1))
    if kind == "flip":
        for offset in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=16)):
            data[offset] ^= draw(st.integers(1, 255))
    elif kind == "splice":
        data[at : at + draw(st.integers(0, 64))] = draw(st.binary(min_size=1, max_size=64))
    else:
        size = draw(st.integers(1, 512))
        data[at:at] = data[at : at + size]
    return bytes(data)


@st.composite
def damaged_member(draw: st.DrawFn, original: bytes) -> bytes:
    """One XML member's bytes with text-level damage: cut, noise, or a deleted run."""
    data = bytearray(original)
    if not data:
        return draw(st.sampled_from(XML_NOISE))
    at = draw(st.integers(0, len(data) - 1))
    kind = draw(st.sampled_from(["cut", "noise", "delete", "flip"]))
    if kind == "cut":
        return bytes(data[:at])
    if kind == "noise":
        data[at:at] = b"".join(draw(st.lists(st.sampled_from(XML_NOISE), min_size=1, max_size=4)))
    elif kind == "delete":
        del data[at : at + draw(st.integers(1, 200))]
    else:
        data[at] ^= draw(st.integers(1, 255))
    return bytes(data)


@st.composite
def mutated_workbook(draw: st.DrawFn, original: bytes) -> bytes:
    """A valid zip whose members are the original's, one of them damaged or left out."""
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    target = draw(st.sampled_from([name for name, _ in members]))
    drop = draw(st.booleans()) and draw(st.integers(0, 9)) == 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, body in members:
            if name == target:
                if drop:
                    continue
                body = draw(damaged_member(body))
            rebuilt.writestr(name, body)
    return out.getvalue()


def escaped_from_reader(error: BaseException, boundaries: set[tuple[str, str]]) -> bool:
    """Raised inside a third-party reader and passed up unwrapped through one of the project's
    reading boundaries, given as (file name, function name; "*" for any function).

    Errors raised in the project's own code, and programming errors anywhere, are never
    tolerated as this kind of gap.
    """
    frames = traceback.extract_tb(error.__traceback__)
    innermost = Path(frames[-1].filename)
    ours = innermost.is_absolute() and any(
        (PROJECT_ROOT / package) in innermost.parents for package in OUR_PACKAGES
    )
    through = any(
        (Path(frame.filename).name, name) in boundaries
        or (Path(frame.filename).name, "*") in boundaries
        for frame in frames
        for name in (frame.name,)
    )
    programming = isinstance(error, AttributeError | NameError | RecursionError | MemoryError)
    return through and not ours and not programming
