"""Read expression text into a tree, refusing bad text with a message a form author can act on.

Binary operators are folded with an explicit operator stack rather than one recursive call
per precedence level, so only brackets, calls and predicates use the Python stack, and
their nesting is capped at ``MAX_DEPTH``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from instruments.expressions.errors import ExpressionSyntaxError
from instruments.expressions.functions import KNOWN_FUNCTIONS
from instruments.expressions.lexer import (
    END,
    ERROR,
    NAME,
    NUMBER,
    OPERATOR,
    REFERENCE,
    STRING,
    WILDCARD,
    Token,
    describe,
    tokenize,
)
from instruments.expressions.nodes import (
    DESCENDANT_STEP,
    PRECEDENCE,
    Binary,
    Call,
    Current,
    FilterPath,
    LocationPath,
    Negate,
    Node,
    Number,
    Reference,
    Step,
    String,
    children,
    walk,
)
from instruments.expressions.registry import FUNCTIONS

#: Deepest nesting of brackets, calls and operators accepted; real forms stay far below.
MAX_DEPTH = 100

_LAST_SAVED = "last-saved#"
_NODE_TYPES = frozenset({"node", "text", "comment", "processing-instruction"})
# Binary operators folded by the operator stack; '|' binds tighter than unary minus.
_STACKED_OPERATORS = frozenset(PRECEDENCE) - {"|"}
_CLOSERS = {"(": ")", "[": "]"}


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its tree, and what it refers to.

    Equal texts give equal trees, so expressions compare and hash by their text alone.
    """

    source: str
    tree: Node = field(compare=False, repr=False)
    #: ``${name}`` references, plus the last step of absolute (``/data/q``) and ``../q`` paths.
    references: frozenset[str] = field(compare=False)
    #: Functions called, with their prefixes (``jr:choice-name``).
    functions: frozenset[str] = field(compare=False)
    #: Bare relative paths (``cf`` in a choice_filter): columns of a choice, not questions.
    child_names: frozenset[str] = field(compare=False)

    @property
    def unknown_functions(self) -> frozenset[str]:
        """Functions called that Fieldnotes cannot evaluate (pulldata, indexed-repeat, ...)."""
        return self.functions - KNOWN_FUNCTIONS

    def __str__(self) -> str:
        return self.source


def parse(text: str) -> Expression:
    """Parse an XLSForm expression; raises ``ExpressionSyntaxError`` for text that is not one.

    Results are cached by text: forms re-check relevance on every keystroke.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() needs the expression as str, got {type(text).__name__}")
    return _parse_cached(text)


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Expression:
    tree = _Parser(text).parse()
    references: set[str] = set()
    functions: set[str] = set()
    child_names: set[str] = set()
    for node, in_predicate in walk(tree):  # iterative: long chains cost no recursion
        if isinstance(node, Reference):
            references.add(node.name)
        elif isinstance(node, Call):
            functions.add(node.name)
        elif isinstance(node, LocationPath):
            name = question_path_name(node)
            if name is not None:
                references.add(name)
            name = child_path_name(node)
            if name is not None and not in_predicate:
                child_names.add(name)
    return Expression(
        text, tree, frozenset(references), frozenset(functions), frozenset(child_names)
    )


def question_path_name(path: LocationPath) -> str | None:
    """The question an absolute or ``../`` path points at (its last step), if it is plain."""
    starts_upward = bool(path.steps) and path.steps[0].test == ".."
    if not (path.absolute or starts_upward) or not path.steps:
        return None
    last = path.steps[-1]
    return last.test if _is_plain(last) else None


def child_path_name(path: LocationPath) -> str | None:
    """``a/b`` for a plain relative path such as ``a/b`` or ``./a/b``, else None."""
    if path.absolute:
        return None
    steps = list(path.steps)
    while steps and steps[0].test == "." and not steps[0].predicates:
        steps.pop(0)
    if not steps or not all(_is_plain(step) for step in steps):
        return None
    return "/".join(step.test for step in steps)


def _is_plain(step: Step) -> bool:
    """A child step by plain name, without predicates."""
    return (
        step.axis in (None, "child")
        and not step.predicates
        and step.test not in (".", "..", "*")
        and not step.test.endswith(")")
    )


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.nesting = 0
        self.open_brackets: list[Token] = []
        self.depths: dict[int, int] = {}
        self.made: list[Node] = []  # keeps every node alive, so ids in `depths` stay unique

    # --- entry ---------------------------------------------------------------------------

    def parse(self) -> Node:
        if self.current().kind == END:
            raise self.error("the expression is empty", 0)
        tree = self.expression()
        token = self.current()
        if token.kind != END:
            raise self.leftover(token)
        return tree

    # --- tokens --------------------------------------------------------------------------

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def current(self) -> Token:
        token = self.peek()
        if token.kind == ERROR:
            raise self.error(str(token.value), token.position)
        return token

    def advance(self) -> Token:
        token = self.current()
        self.index += 1
        return token

    def previous(self) -> Token | None:
        return self.tokens[self.index - 1] if self.index > 0 else None

    def at_operator(self, *values: str) -> bool:
        token = self.current()
        return token.kind == OPERATOR and token.value in values

    # --- grammar -------------------------------------------------------------------------

    def expression(self) -> Node:
        """Operands joined by binary operators, folded by precedence (left-associative)."""
        operands = [self.unary()]
        operators: list[str] = []
        while self.current().kind == OPERATOR and self.current().value in _STACKED_OPERATORS:
            operator = str(self.advance().value)
            strength = PRECEDENCE[operator]
            while operators and PRECEDENCE[operators[-1]] >= strength:
                self.fold(operands, operators)
            operators.append(operator)
            operands.append(self.unary())
        while operators:
            self.fold(operands, operators)
        return operands[0]

    def fold(self, operands: list[Node], operators: list[str]) -> None:
        right = operands.pop()
        left = operands.pop()
        operands.append(self.make(Binary(operators.pop(), left, right)))

    def unary(self) -> Node:
        minus_signs = 0
        while self.at_operator("-"):
            self.advance()
            minus_signs += 1
        node = self.union()
        for _ in range(minus_signs):
            node = self.make(Negate(node))
        return node

    def union(self) -> Node:
        node = self.path_expression()
        while self.at_operator("|"):
            self.advance()
            node = self.make(Binary("|", node, self.path_expression()))
        return node

    def path_expression(self) -> Node:
        token = self.current()
        if token.kind == OPERATOR and token.value in ("/", "//"):
            return self.location_path(absolute=True)
        if self.starts_step(token):
            return self.location_path(absolute=False)
        base = self.primary()
        predicates = self.predicates()
        steps: list[Step] = []
        while self.at_operator("/", "//"):
            separator = self.advance()
            if separator.value == "//":
                steps.append(DESCENDANT_STEP)
            steps.append(self.step(after_value=separator))
        if predicates or steps:
            return self.make(FilterPath(base, tuple(predicates), tuple(steps)))
        return base

    def starts_step(self, token: Token) -> bool:
        if token.kind == WILDCARD:
            return True
        if token.kind == OPERATOR:
            return token.value in (".", "..", "@")
        if token.kind == NAME:
            following = self.peek(1)
            return not (following.kind == OPERATOR and following.value == "(")
        return False

    def location_path(self, *, absolute: bool) -> Node:
        steps: list[Step] = []
        if absolute:
            root = self.advance()
            if root.value == "//":
                steps.append(DESCENDANT_STEP)
            elif not self.starts_step(self.current()):
                return self.make(LocationPath(True, ()))
        steps.append(self.step())
        while self.at_operator("/", "//"):
            if self.advance().value == "//":
                steps.append(DESCENDANT_STEP)
            steps.append(self.step())
        if not absolute and len(steps) == 1 and steps[0] == Step(test="."):
            return self.make(Current())
        return self.make(LocationPath(absolute, tuple(steps)))

    def step(self, after_value: Token | None = None) -> Step:
        token = self.current()
        if token.kind == OPERATOR and token.value in (".", ".."):
            self.advance()
            return Step(test=str(token.value))
        axis: str | None = None
        if token.kind == OPERATOR and token.value == "@":
            self.advance()
            axis = "attribute"
        elif token.kind == NAME and self.peek(1).kind == OPERATOR and self.peek(1).value == "::":
            axis = str(self.advance().value)
            self.advance()
        test = self.node_test(after_value)
        return Step(test=test, axis=axis, predicates=tuple(self.predicates()))

    def node_test(self, after_value: Token | None) -> str:
        token = self.current()
        if token.kind == WILDCARD:
            self.advance()
            return "*"
        if token.kind == NAME:
            self.advance()
            if not self.at_operator("("):
                return str(token.value)
            if token.value not in _NODE_TYPES:
                raise self.error(
                    f"a function call cannot be a step of a path: {describe(token)}",
                    token.position,
                )
            opener = self.advance()
            if self.current().kind == STRING and token.value == "processing-instruction":
                self.advance()
            self.close(opener)
            return f"{token.value}()"
        if after_value is not None and token.kind in (NUMBER, REFERENCE, STRING):
            message = f"'/' at character {after_value.position + 1} is not division: use 'div'"
            raise self.error(message, after_value.position)
        raise self.error(
            f"unexpected {describe(token)}: expected a name in the path", token.position
        )

    def predicates(self) -> list[Node]:
        found: list[Node] = []
        while self.at_operator("["):
            opener = self.advance()
            self.enter(opener)
            found.append(self.expression())
            self.close(opener)
            self.leave()
        return found

    def primary(self) -> Node:
        token = self.current()
        if token.kind == NUMBER:
            self.advance()
            return self.make(Number(float(token.value)))  # type: ignore[arg-type]
        if token.kind == STRING:
            self.advance()
            return self.make(String(str(token.value)))
        if token.kind == REFERENCE:
            self.advance()
            name = str(token.value)
            if name.startswith(_LAST_SAVED):
                return self.make(Reference(name[len(_LAST_SAVED) :], last_saved=True))
            return self.make(Reference(name))
        if token.kind == OPERATOR and token.value == "(":
            opener = self.advance()
            self.enter(opener)
            node = self.expression()
            self.close(opener)
            self.leave()
            return node
        if token.kind == NAME:
            return self.call()
        raise self.missing_value(token)

    def call(self) -> Node:
        name_token = self.advance()
        name = str(name_token.value)
        opener = self.advance()
        self.enter(opener)
        args: list[Node] = []
        if self.at_operator(")"):
            self.advance()
        else:
            while True:
                args.append(self.expression())
                token = self.current()
                if token.kind == OPERATOR and token.value in (",", ")"):
                    self.advance()
                    if token.value == ")":
                        break
                    continue
                raise self.unclosed_or_unexpected(opener, token, f"',' or ')' in {name}()")
        self.leave()
        spec = FUNCTIONS.get(name)
        problem = spec.arity_problem(len(args)) if spec is not None else None
        if problem is not None:
            raise self.error(problem, name_token.position)
        return self.make(Call(name, tuple(args)))

    # --- brackets and nesting ------------------------------------------------------------

    def enter(self, opener: Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise self.error("expression nested too deeply", opener.position)
        self.open_brackets.append(opener)

    def leave(self) -> None:
        self.nesting -= 1
        self.open_brackets.pop()

    def close(self, opener: Token) -> None:
        closer = _CLOSERS[str(opener.value)]
        token = self.current()
        if token.kind == OPERATOR and token.value == closer:
            self.advance()
            return
        raise self.unclosed_or_unexpected(opener, token, f"'{closer}'")

    def make(self, node: Node) -> Node:
        """Register a new node, refusing trees too deep to evaluate safely.

        A binary operator's left operand does not count: the evaluator walks left-hand
        chains (``a + b + c + ...``) in a loop, so long sums stay accepted.
        """
        if isinstance(node, Binary):
            depth = max(self.depth(node.left), 1 + self.depth(node.right))
        else:
            depth = 1 + max((self.depth(child) for child, _ in children(node)), default=0)
        if depth > MAX_DEPTH:
            raise self.error("expression nested too deeply", self.previous_position())
        self.depths[id(node)] = depth
        self.made.append(node)
        return node

    def depth(self, node: Node) -> int:
        return self.depths.get(id(node), 1)

    # --- errors --------------------------------------------------------------------------

    def error(self, message: str, position: int) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(message, position, self.source)

    def previous_position(self) -> int:
        previous = self.previous()
        return previous.position if previous is not None else 0

    def unclosed(self, opener: Token) -> ExpressionSyntaxError:
        message = f"unclosed bracket '{opener.value}' opened at character {opener.position + 1}"
        return self.error(message, opener.position)

    def unclosed_or_unexpected(
        self, opener: Token, token: Token, expected: str
    ) -> ExpressionSyntaxError:
        if token.kind == END:
            return self.unclosed(opener)
        if token.kind in (NAME, NUMBER, STRING, REFERENCE, WILDCARD):
            return self.leftover(token)
        message = (
            f"expected {expected} to close '{opener.value}' opened at character"
            f" {opener.position + 1}, found {describe(token)}"
        )
        return self.error(message, token.position)

    def missing_value(self, token: Token) -> ExpressionSyntaxError:
        """A value was needed at ``token`` and something else came."""
        previous = self.previous()
        if token.kind == END:
            if previous is not None and previous.value in ("(", "[", ",") and self.open_brackets:
                return self.unclosed(self.open_brackets[-1])
            after = previous if previous is not None else token
            return self.error(f"missing value after {describe(after)}", after.position)
        if previous is None:
            return self.error(f"unexpected {describe(token)}: expected a value", token.position)
        message = f"unexpected {describe(token)}: expected a value after '{previous.text}'"
        return self.error(message, token.position)

    def leftover(self, token: Token) -> ExpressionSyntaxError:
        """Something after a complete value where only an operator or the end may come."""
        where = describe(token)
        if token.kind == NAME:
            message = f"unexpected word {where}: text must be in quotes"
        elif token.kind in (NUMBER, STRING, REFERENCE, WILDCARD) or token.value in (
            "(",
            ".",
            "..",
            "@",
        ):
            message = f"missing operator before {where}"
        elif token.value in (")", "]"):
            message = f"unmatched {where}"
        elif token.value == ",":
            message = f"unexpected {where}: commas only separate the arguments of a function"
        else:
            message = f"unexpected {where}"
        return self.error(message, token.position)
