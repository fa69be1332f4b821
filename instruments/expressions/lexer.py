"""Split expression text into tokens, following XPath 1.0's lexical rules plus XLSForm's ${name}.

The lexer never raises: the first bad character becomes an ``error`` token, so the parser
reports whichever fault comes first in the text (a stray word before a broken string is
reported as the stray word, the way a person reads the cell).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Token kinds.
NUMBER = "number"
STRING = "string"
REFERENCE = "reference"
NAME = "name"
WILDCARD = "wildcard"
OPERATOR = "operator"
ERROR = "error"
END = "end"

#: Words that are operators when they follow a value (XPath 1.0, section 3.7).
OPERATOR_NAMES = frozenset({"and", "or", "div", "mod"})

# pyxform turns typographic quotes into straight ones before ODK sees the form; so do we.
_QUOTE_FAMILIES = {
    "'": "'\u2018\u2019",
    "\u2018": "'\u2018\u2019",
    "\u2019": "'\u2018\u2019",
    '"': '"\u201c\u201d',
    "\u201c": '"\u201c\u201d',
    "\u201d": '"\u201c\u201d',
}

_TWO_CHAR_OPERATORS = ("!=", "<=", ">=", "//", "::", "..")
_ONE_CHAR_OPERATORS = "+-=<>|/()[],@."

# Common slips from spreadsheet or programming habits, with what to write instead.
_HINTS = {
    "==": "'==' is not an operator: use '='",
    "<>": "'<>' is not an operator: use '!='",
    "&&": "'&&' is not an operator: use 'and'",
    "||": "'||' is not an operator: use 'or'",
}

_LAST_SAVED = "last-saved#"


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical unit; ``value`` is the parsed literal, name or operator text."""

    kind: str
    value: object
    position: int
    text: str


def describe(token: Token) -> str:
    """How a token is named in an error message."""
    if token.kind == END:
        return "the end of the expression"
    return f"'{token.text}' at character {token.position + 1}"


def is_name_start(char: str) -> bool:
    return char.isalpha() or char == "_"


def is_name_char(char: str) -> bool:
    if char.isalnum() or char in "_-.\u00b7":
        return True
    return unicodedata.category(char) in ("Mn", "Mc", "Pc")


def is_ncname(text: str) -> bool:
    """True for a valid question name (an XML NCName)."""
    return bool(text) and is_name_start(text[0]) and all(is_name_char(c) for c in text[1:])


def tokenize(source: str) -> list[Token]:
    """Tokens of ``source``, ending with an ``end`` token or, at the first fault, ``error``."""
    return _Lexer(source).run()


class _Lexer:
    def __init__(self, source: str) -> None:
        self.source = source
        self.index = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        source = self.source
        while True:
            while self.index < len(source) and source[self.index].isspace():
                self.index += 1
            if self.index >= len(source):
                self.tokens.append(Token(END, None, len(source), ""))
                return self.tokens
            token = self._next_token()
            self.tokens.append(token)
            if token.kind == ERROR:
                return self.tokens

    def _follows_value(self) -> bool:
        """XPath's rule for telling `*` and `and`/`or`/`div`/`mod` apart from names."""
        if not self.tokens:
            return False
        previous = self.tokens[-1]
        if previous.kind == OPERATOR:
            return previous.value in (")", "]", ".", "..")
        return True

    def _error(self, message: str, position: int) -> Token:
        return Token(ERROR, message, position, self.source[position : position + 1])

    def _next_token(self) -> Token:
        source, start = self.source, self.index
        char = source[start]
        pair = source[start : start + 2]
        if pair in _HINTS:
            return self._error(f"{_HINTS[pair]} (character {start + 1})", start)
        if _ascii_digit_at(source, start) or (char == "." and _ascii_digit_at(source, start + 1)):
            return self._number()
        if char in _QUOTE_FAMILIES:
            return self._string()
        if pair == "${":
            return self._reference()
        if is_name_start(char):
            return self._name()
        if char == "*":
            self.index += 1
            kind = OPERATOR if self._follows_value() else WILDCARD
            return Token(kind, "*", start, "*")
        if pair in _TWO_CHAR_OPERATORS:
            self.index += 2
            return Token(OPERATOR, pair, start, pair)
        if char in _ONE_CHAR_OPERATORS:
            self.index += 1
            return Token(OPERATOR, char, start, char)
        return self._error(_unexpected_character(char, start), start)

    def _number(self) -> Token:
        source, start = self.source, self.index
        end = start
        while end < len(source) and _ascii_digit_at(source, end):
            end += 1
        if end < len(source) and source[end] == ".":
            end += 1
            while end < len(source) and _ascii_digit_at(source, end):
                end += 1
        self.index = end
        text = source[start:end]
        return Token(NUMBER, float(text), start, text)

    def _string(self) -> Token:
        source, start = self.source, self.index
        closers = _QUOTE_FAMILIES[source[start]]
        end = start + 1
        while end < len(source) and source[end] not in closers:
            end += 1
        if end >= len(source):
            message = (
                f"unterminated string: the quote {source[start]} at character {start + 1}"
                " is never closed"
            )
            return self._error(message, start)
        self.index = end + 1
        return Token(STRING, source[start + 1 : end], start, source[start : end + 1])

    def _reference(self) -> Token:
        source, start = self.source, self.index
        close = source.find("}", start + 2)
        if close < 0:
            message = f"unclosed reference: '${{' at character {start + 1} has no closing '}}'"
            return self._error(message, start)
        inner = source[start + 2 : close]
        text = source[start : close + 1]
        if not inner.strip():
            return self._error(f"empty reference '{text}' at character {start + 1}", start)
        name = inner[len(_LAST_SAVED) :] if inner.startswith(_LAST_SAVED) else inner
        if not is_ncname(name):
            message = f"invalid question name '{inner}' in reference at character {start + 1}"
            return self._error(message, start)
        self.index = close + 1
        return Token(REFERENCE, inner, start, text)

    def _name(self) -> Token:
        source, start = self.source, self.index
        end = _scan_ncname(source, start)
        # A prefixed name such as jr:choice-name; '::' is an axis separator instead.
        if (
            end + 1 < len(source)
            and source[end] == ":"
            and source[end + 1] != ":"
            and is_name_start(source[end + 1])
        ):
            end = _scan_ncname(source, end + 1)
        self.index = end
        text = source[start:end]
        if text in OPERATOR_NAMES and self._follows_value():
            return Token(OPERATOR, text, start, text)
        return Token(NAME, text, start, text)


def _ascii_digit_at(source: str, index: int) -> bool:
    return index < len(source) and "0" <= source[index] <= "9"


def _scan_ncname(source: str, start: int) -> int:
    end = start + 1
    while end < len(source) and is_name_char(source[end]):
        end += 1
    return end


def _unexpected_character(char: str, position: int) -> str:
    where = f"at character {position + 1}"
    if char == "!":
        return f"unexpected character '!' {where}: use '!=' or not(...)"
    if char == "&":
        return f"unexpected character '&' {where}: use 'and'"
    if char == "$":
        return f"unexpected character '$' {where}: references are written ${{name}}"
    return f"unexpected character {char!r} {where}"
