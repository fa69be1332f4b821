"""Summaries of questionnaires and partnership profiles, with Qt Charts."""

from gui.summaries.profile_screen import PartnershipProfileScreen
from gui.summaries.summary_screen import SummaryScreen

__all__ = ["PartnershipProfileScreen", "SummaryScreen"]
