"""The PySide6 emit reference-count guard: thousands of emits no longer abort the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests_support import PROJECT_ROOT

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from PySide6.QtCore import QCoreApplication, QObject, Signal
    app = QCoreApplication([])
    emits = sys.getrefcount(True) + 1000  # more emits than True has references
    if sys.argv[2] == "guarded":
        from gui.pyside_guard import guard_bool_refcounts
        guard_bool_refcounts()

    class Emitter(QObject):
        saved = Signal(str)

    emitter = Emitter()
    for number in range(emits):
        emitter.saved.emit("12:00:00")
    print("survived", flush=True)
    """
)


def test_many_emits_survive_with_the_guard(tmp_path):
    script = tmp_path / "emits.py"
    script.write_text(CHILD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(PROJECT_ROOT), "guarded"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "survived" in done.stdout


def test_guard_is_a_no_op_where_emit_is_sound():
    from gui.pyside_guard import emit_drops_a_reference_to_true, guard_bool_refcounts

    if not emit_drops_a_reference_to_true() and sys.version_info < (3, 12):
        assert guard_bool_refcounts() is False
    else:
        guard_bool_refcounts()
        assert not emit_drops_a_reference_to_true() or sys.getrefcount(True) > 1 << 39
