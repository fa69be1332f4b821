"""Properties of the expression language over generated input (Hypothesis).

1. Any text parses or raises ExpressionSyntaxError, nothing else.
2. Any well-formed tree, written out, evaluates against any answers to a value or raises
   EvaluationError, nothing else.
3. Writing a tree out and parsing it back gives the same tree.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.expressions import (
    EvaluationError,
    Expression,
    ExpressionSyntaxError,
    MappingContext,
    evaluate,
    parse,
)
from instruments.expressions.functions import FUNCTIONS
from instruments.expressions.nodes import (
    PRECEDENCE,
    Binary,
    Call,
    Current,
    FilterPath,
    LocationPath,
    Negate,
    Number,
    Reference,
    Step,
    String,
    to_text,
)

# The conftest's autouse fixtures are function-scoped; these tests do not touch them.
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}

QUESTION_NAMES = ["a", "b", "age", "fruits", "rep", "d", "when", "c3.1", "x_y"]
PATH_NAMES = ["q", "cf", "and", "div", "item", "label", "e5", "été"]
QUOTES = "'\"\u2018\u2019\u201c\u201d"

# --- trees ---------------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(float),
    st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False).map(abs),
    st.sampled_from([0.5, 0.1, 1e-13, 3.0000000000001, 1e22]),
)
texts = st.text(st.characters(blacklist_characters=QUOTES, blacklist_categories=["Cs"]), max_size=8)
date_texts = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(str)

leaves = st.one_of(
    numbers.map(Number),
    texts.map(String),
    date_texts.map(String),
    st.sampled_from(["", "a", "x y", "a b c", "%Y-%m-%d %H:%M %b %e %a", "[a-z]+", "(a|b)*"]).map(
        String
    ),
    st.sampled_from(QUESTION_NAMES).map(Reference),
    st.just(Current()),
    st.sampled_from(QUESTION_NAMES).map(lambda name: LocationPath(False, (Step(".."), Step(name)))),
    st.sampled_from(QUESTION_NAMES).map(
        lambda name: LocationPath(True, (Step("data"), Step(name)))
    ),
    st.sampled_from(PATH_NAMES).map(lambda name: LocationPath(False, (Step(name),))),
)

BINARY_OPERATORS = sorted(PRECEDENCE)
KNOWN = sorted(FUNCTIONS)
UNKNOWN = ["pulldata", "indexed-repeat", "cht:difference-in-days", "duration"]


def known_calls(children: st.SearchStrategy) -> st.SearchStrategy:
    @st.composite
    def known_call(draw) -> Call:
        spec = FUNCTIONS[draw(st.sampled_from(KNOWN))]
        most = spec.min_args + 3 if spec.max_args is None else spec.max_args
        count = draw(st.integers(spec.min_args, min(most, spec.min_args + 3)))
        return Call(spec.name, tuple(draw(children) for _ in range(count)))

    return known_call()


def unknown_calls(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.builds(Call, st.sampled_from(UNKNOWN), st.lists(children, max_size=3).map(tuple))


def paths(children: st.SearchStrategy) -> st.SearchStrategy:
    predicated_step = st.builds(
        Step,
        st.sampled_from(PATH_NAMES + ["*"]),
        st.sampled_from([None, "child", "attribute"]),
        st.lists(children, max_size=2).map(tuple),
    )
    location = st.builds(
        LocationPath, st.booleans(), st.lists(predicated_step, min_size=1, max_size=3).map(tuple)
    )
    instance = st.builds(
        FilterPath,
        st.sampled_from(["list", "places"]).map(lambda name: Call("instance", (String(name),))),
        st.lists(children, max_size=1).map(tuple),
        st.lists(predicated_step, min_size=1, max_size=3).map(tuple),
    )
    filtered = st.builds(
        FilterPath,
        st.sampled_from(QUESTION_NAMES).map(Reference),
        st.lists(children, min_size=1, max_size=2).map(tuple),
    )
    return st.one_of(location, instance, filtered)


def extend_evaluable(children: st.SearchStrategy) -> st.SearchStrategy:
    """Operators and known functions: trees that mostly evaluate to a value."""
    return st.one_of(
        st.builds(Binary, st.sampled_from(BINARY_OPERATORS), children, children),
        st.builds(Negate, children),
        known_calls(children),
    )


def extend(children: st.SearchStrategy) -> st.SearchStrategy:
    """Everything the parser knows, including what cannot be evaluated."""
    return st.one_of(extend_evaluable(children), unknown_calls(children), paths(children))


trees = st.recursive(leaves, extend, max_leaves=12)
evaluable_trees = st.recursive(leaves, extend_evaluable, max_leaves=12)

# --- contexts ------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5, minutes=-30))]),
)
scalars = st.one_of(
    st.none(),
    st.text(max_size=10),
    st.sampled_from(["", "3", " 4.5 ", "a b", "2024-01-31", "2024-01-31T10:00:00Z", "NaN"]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    moments,
)
answers = st.one_of(scalars, st.lists(scalars, max_size=4))
contexts = st.builds(
    MappingContext,
    st.dictionaries(st.sampled_from(QUESTION_NAMES), answers),
    current=answers,
    labels=st.dictionaries(
        st.sampled_from(QUESTION_NAMES), st.dictionaries(st.text(max_size=3), st.text(max_size=5))
    ),
    position=st.integers(min_value=1, max_value=50),
    now=moments,
    children=st.dictionaries(st.sampled_from(PATH_NAMES), answers),
)

# --- text ----------------------------------------------------------------------------------

SAMPLES = [
    "if(${num}<1,0,1)",
    "selected(${fruits}, 'a') and count-selected(.) <= 2",
    "instance('list')/root/item[name = ${x}]/label",
    "concat(../../inputs/meta/location/lat, concat(' ', ../g/long))",
    "round(5 div (sqrt(cos(atan(${slope} div 100)))),2)",
    "${amenity}=\u2019toilets\u2019 or -${a} mod 2 != 1",
    "jr:choice-name(${q}, '${q}') | /data/*[@id][1]",
]
xpath_alphabet = st.sampled_from(list("${}()[]'\"./-+*=!<>|,@:# \t") + ["\u2019", "div", "and"])
xpath_soup = st.lists(
    st.one_of(xpath_alphabet, st.sampled_from(["a", "q1", "3", ".5", "selected", "if"])),
    max_size=30,
).map("".join)


@st.composite
def mutated_samples(draw) -> str:
    text = draw(st.sampled_from(SAMPLES))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 6)))
    return text[:start] + draw(xpath_soup) + text[end:]


any_text = st.one_of(st.text(max_size=60), xpath_soup, mutated_samples())

# --- properties ----------------------------------------------------------------------------


@settings(max_examples=400, **SETTINGS)
@given(any_text)
def test_any_text_parses_or_raises_a_syntax_error(text):
    try:
        expression = parse(text)
    except ExpressionSyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert error.source == text
        assert str(error)
    else:
        assert isinstance(expression, Expression)
        assert expression.source == text


@settings(max_examples=150, **SETTINGS)
@given(any_text, contexts)
def test_evaluating_any_text_raises_nothing_but_evaluation_errors(text, context):
    try:
        evaluate(text, context)
    except EvaluationError:
        pass


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(evaluable_trees, evaluable_trees, evaluable_trees, trees), contexts)
def test_generated_expressions_give_a_value_or_an_evaluation_error(tree, context):
    expression = parse(to_text(tree))
    try:
        value = evaluate(expression, context)
    except EvaluationError as error:
        assert str(error)
    else:
        assert _is_value(value)


@settings(max_examples=300, **SETTINGS)
@given(trees)
def test_writing_and_reading_back_keeps_the_structure(tree):
    text = to_text(tree)
    assert parse(text).tree == tree
    assert to_text(parse(text).tree) == text


def _is_value(value) -> bool:
    if isinstance(value, list):
        return all(_is_value(item) for item in value)
    if isinstance(value, float):
        return True if math.isnan(value) else isinstance(value, float)
    return isinstance(value, str | bool | date)
