"""Colours of codes on screen: light tints behind text, swatches, heat-map cells.

A code's colour is saturated (it identifies the code in lists); behind words it is blended
with white so black text stays readable on any code colour.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

HEAT_LOW = QColor("#ffffff")
HEAT_HIGH = QColor("#1f5f99")
DARK_TEXT = QColor("#1a1a1a")
LIGHT_TEXT = QColor("#ffffff")
MUTED_TEXT = QColor("#8a8a8a")


def blend(colour: QColor, other: QColor, amount: float) -> QColor:
    """`colour` moved `amount` (0..1) of the way towards `other`."""
    amount = min(max(amount, 0.0), 1.0)
    return QColor(
        round(colour.red() + (other.red() - colour.red()) * amount),
        round(colour.green() + (other.green() - colour.green()) * amount),
        round(colour.blue() + (other.blue() - colour.blue()) * amount),
    )


def tint(colour: str, strength: float = 0.38) -> QColor:
    """A code's colour as a highlight behind text: `strength` of it over white."""
    return blend(QColor("#ffffff"), QColor(colour), strength)


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background` (relative luminance)."""
    luminance = (
        0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF()
    )
    return DARK_TEXT if luminance > 0.6 else LIGHT_TEXT


def heat(value: int, maximum: int) -> QColor:
    """A cell's background: white for nothing, deeper blue for more (square-root scale so
    small counts still show)."""
    if value <= 0 or maximum <= 0:
        return HEAT_LOW
    return blend(QColor("#e8f1fa"), HEAT_HIGH, (value / maximum) ** 0.5)


@cache
def swatch(colour: str, size: int = 14) -> QIcon:
    """A rounded square of the code's colour, for trees, lists and combo boxes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(colour).darker(140))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)
