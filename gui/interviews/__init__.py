"""Interviews: starting one, recording notes against the guide, reviewing afterwards."""

from gui.interviews.screen import InterviewScreen
from gui.interviews.start_dialog import StartInterviewDialog

__all__ = ["InterviewScreen", "StartInterviewDialog"]
