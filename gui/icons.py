"""Icons drawn in code, so they look the same on every platform and theme."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from gui.form_parts import ERROR_COLOUR


@cache
def withdrawn_icon() -> QIcon:
    """A red 'no entry' sign: consent withdrawn, record nothing more about this person."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(ERROR_COLOUR))
    painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - 1, size / 2 - 1)
    painter.setPen(QPen(QColor("white"), size / 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(QPointF(size * 0.25, size / 2), QPointF(size * 0.75, size / 2))
    painter.end()
    return QIcon(pixmap)
