"""Paths and small helpers shared by tests (imported as a plain module)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "xlsforms"
