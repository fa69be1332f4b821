"""Evaluating expressions: every function, every operator family, and XPath's edge cases."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from instruments.expressions import (
    EvaluationContext,
    EvaluationError,
    ExpressionSyntaxError,
    MappingContext,
    evaluate,
    parse,
    to_boolean,
    to_number,
    to_string,
)

NOW = datetime(2024, 3, 15, 10, 30, 0, tzinfo=UTC)

ANSWERS = {
    "age": "42",
    "n": 7,
    "zero": 0,
    "empty": None,
    "blank": "",
    "name": "Ada Lovelace",
    "fruits": "apple banana cherry",
    "fruit": "banana",
    "dob": date(2000, 2, 29),
    "visit": date(2024, 3, 1),
    "start": datetime(2024, 3, 15, 8, 0, tzinfo=UTC),
    "ages": ["30", 40, None, "x"],
    "members": ["Ann", "Bob"],
    "nobody": [],
    "consent": True,
}
LABELS = {"fruit": {"banana": "Banana (ripe)"}, "fruits": {"apple": "Apple"}}


def run(text: str, current=None, position: int = 1, children=None):
    context = MappingContext(
        ANSWERS, current=current, labels=LABELS, position=position, now=NOW, children=children
    )
    return evaluate(text, context)


def same(actual, expected) -> bool:
    """Equality that treats NaN as equal to NaN and floats to 1e-9."""
    if isinstance(expected, float) and isinstance(actual, float):
        if math.isnan(expected):
            return math.isnan(actual)
        return actual == expected or abs(actual - expected) < 1e-9
    return type(actual) is type(expected) and actual == expected


def check(cases):
    return pytest.mark.parametrize(("text", "expected"), cases)


# --- operators -----------------------------------------------------------------------------


@check(
    [
        ("1 + 2", 3.0),
        ("${age} + 1", 43.0),
        ("${n} - 10", -3.0),
        ("${age} * 2", 84.0),
        ("7 div 2", 3.5),
        ("7 mod 3", 1.0),
        ("-7 mod 3", -1.0),
        ("7.5 mod 2", 1.5),
        ("-${n}", -7.0),
        ("--${n}", 7.0),
        ("2 + 3 * 4", 14.0),
        ("(2 + 3) * 4", 20.0),
        ("10 - 4 - 3", 3.0),
        ("${empty} + 1", math.nan),
        ("'abc' * 2", math.nan),
        ("${consent} + 1", 2.0),
        ("' 12 ' + 1", 13.0),
        ("'1e3' + 0", math.nan),
    ]
)
def test_arithmetic(text, expected):
    assert same(run(text), expected)


@check(
    [
        ("1 div 0", math.inf),
        ("-1 div 0", -math.inf),
        ("0 div 0", math.nan),
        ("${empty} div 0", math.nan),
        ("5 mod 0", math.nan),
        ("(1 div 0) - (1 div 0)", math.nan),
        ("(1 div 0) mod 2", math.nan),
        ("string(1 div 0)", "Infinity"),
        ("string(-1 div 0)", "-Infinity"),
        ("string(0 div 0)", "NaN"),
    ]
)
def test_division_by_zero_follows_xpath(text, expected):
    assert same(run(text), expected)


@check(
    [
        ("${age} = 42", True),
        ("${age} = '42'", True),
        ("'3' = 3", True),
        ("3 = '3.0'", True),
        ("'3' = '3.0'", False),
        ("${name} = 'Ada Lovelace'", True),
        ("${name} != 'Ada'", True),
        ("0.1 + 0.2 = 0.3", True),
        ("${consent} = 'anything'", True),
        ("${consent} = 0", False),
        ("true() = 1", True),
        ("false() = ''", True),
        ("(1 div 0) = (1 div 0)", True),
        ("(0 div 0) = (0 div 0)", False),
        ("(0 div 0) != (0 div 0)", True),
    ]
)
def test_equality(text, expected):
    assert run(text) is expected


@check(
    [
        ("${age} > 18", True),
        ("${age} >= 42", True),
        ("${age} < 42", False),
        ("${age} <= 41.9", False),
        ("'10' > '9'", True),
        ("'b' > 'a'", False),
        ("${consent} > 0", True),
        ("1 < 2 < 3", True),
        ("3 > 2 > 1", False),
    ]
)
def test_ordering_compares_numbers(text, expected):
    assert run(text) is expected


@check(
    [
        ("${empty} > 18", False),
        ("${empty} < 18", False),
        ("${empty} = 18", False),
        ("${empty} != 18", True),
        ("${empty} = ''", True),
        ("${blank} = ''", True),
        ("${empty} != ''", False),
        ("${missing} = ''", True),
        ("${empty} >= ${empty}", False),
    ]
)
def test_unanswered_questions_are_empty_strings_and_nan(text, expected):
    assert run(text) is expected


@check(
    [
        ("1 or 0", True),
        ("0 or 0", False),
        ("1 and 0", False),
        ("'a' and 'b'", True),
        ("'' or ${empty}", False),
        ("${age} > 18 and ${name} != ''", True),
        ("0 and unknown-function()", False),
        ("1 or unknown-function()", True),
        ("1 or 0 and 0", True),
        ("(1 or 0) and 0", False),
    ]
)
def test_logic_short_circuits(text, expected):
    assert run(text) is expected


@check(
    [
        ("${ages} = 40", True),
        ("${ages} = 41", False),
        ("${ages} > 35", True),
        ("${ages} != 30", True),
        ("${nobody} = ''", False),
        ("${nobody} != ''", False),
        ("${members} = 'Bob'", True),
        ("${members} = true()", True),
        ("${nobody} = false()", True),
    ]
)
def test_repeat_values_compare_as_node_sets(text, expected):
    assert run(text) is expected


def test_union_joins_node_sets():
    assert run("${members} | ${ages}") == ["Ann", "Bob", "30", 40.0, "", "x"]
    assert run("count(${members} | ${n})") == 3.0


# --- dates ---------------------------------------------------------------------------------


@check(
    [
        ("today()", date(2024, 3, 15)),
        ("now()", NOW),
        ("today() - ${visit}", 14.0),
        ("${visit} - ${dob}", float((date(2024, 3, 1) - date(2000, 2, 29)).days)),
        ("${visit} > ${dob}", True),
        ("${visit} < today()", True),
        ("${visit} = '2024-03-01'", True),
        ("${visit} < '2024-03-02'", True),
        ("${visit} = date('2024-03-01')", True),
        ("${visit} + 1", float((date(2024, 3, 2) - date(1970, 1, 1)).days)),
        ("date(${visit} + 1)", date(2024, 3, 2)),
        ("int((today() - ${dob}) div 365.25)", 24.0),
        ("${start} - ${visit}", 14 + 8 / 24),
        ("now() - ${start}", 2.5 / 24),
        ("${visit} = 'not a date'", False),
        ("number(${visit})", 19783.0),
        ("string(${visit})", "2024-03-01"),
        ("string(${start})", "2024-03-15T08:00:00.000+00:00"),
        ("boolean(${visit})", True),
    ]
)
def test_dates_compare_and_subtract_as_days(text, expected):
    assert same(run(text), expected)


@check(
    [
        ("date('2020-01-02')", date(2020, 1, 2)),
        ("date('2020-01-02T10:20:30')", date(2020, 1, 2)),
        ("date(0)", date(1970, 1, 1)),
        ("date(18262)", date(2020, 1, 1)),
        ("date(-1)", date(1969, 12, 31)),
        ("date(1.9)", date(1970, 1, 2)),
        ("date(${dob})", date(2000, 2, 29)),
        ("date(${start})", date(2024, 3, 15)),
        ("date(${empty})", ""),
        ("date(0 div 0)", math.nan),
        (
            "date-time('2020-01-02T10:20:30.5+02:00')",
            datetime(2020, 1, 2, 10, 20, 30, 500000, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("date-time(0.5)", datetime(1970, 1, 1, 12, 0)),
        ("date-time('2020-01-02')", datetime(2020, 1, 2)),
    ]
)
def test_date(text, expected):
    assert same(run(text), expected)


@check(
    [
        ("decimal-date-time('1970-01-02T12:00:00Z')", 1.5),
        ("decimal-date-time('1970-01-02T12:00:00+12:00')", 1.0),
        ("decimal-date-time('1970-01-11')", 10.0),
        ("decimal-date-time(${start})", (NOW.date() - date(1970, 1, 1)).days + 8 / 24),
        ("decimal-date-time(2.25)", 2.25),
        ("decimal-date-time('')", ""),
    ]
)
def test_decimal_date_time(text, expected):
    assert same(run(text), expected)


@check(
    [
        ("format-date(${visit}, '%Y-%m-%d')", "2024-03-01"),
        ("format-date(${visit}, '%e %b %y, %a')", "1 Mar 24, Fri"),
        ("format-date(${visit}, '%n/%d')", "3/01"),
        ("format-date-time(${start}, '%H:%M:%S.%3 %h')", "08:00:00.000 8"),
        ("format-date(${empty}, '%Y')", ""),
    ]
)
def test_format_date(text, expected):
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date('soon')", "'soon' is not a date"),
        ("date('2023-02-30')", "'2023-02-30' is not a date"),
        ("date(1 div 0)", "Infinity days from 1970-01-01 is not a date"),
        ("date(99999999)", "99999999 days from 1970-01-01 is not a date"),
        ("date(true())", "the boolean true is not a date"),
        ("format-date(today(), '%Q')", "format-date() does not know the code %Q"),
    ],
)
def test_impossible_dates_are_evaluation_errors(text, message):
    with pytest.raises(EvaluationError, match=re.escape(message)):
        run(text)


# --- select questions ----------------------------------------------------------------------


@check(
    [
        ("selected(${fruits}, 'banana')", True),
        ("selected(${fruits}, ' banana ')", True),
        ("selected(${fruits}, 'ban')", False),
        ("selected(${fruits}, '')", False),
        ("selected(${empty}, 'banana')", False),
        ("selected(${fruit}, 'banana')", True),
        ("not(selected(${fruits}, 'durian'))", True),
        ("selected(${n}, 7)", True),
    ]
)
def test_selected(text, expected):
    assert run(text) is expected


@check(
    [
        ("count-selected(${fruits})", 3.0),
        ("count-selected(${fruit})", 1.0),
        ("count-selected(${empty})", 0.0),
        ("count-selected('  a   b ')", 2.0),
    ]
)
def test_count_selected(text, expected):
    assert run(text) == expected


@check(
    [
        ("selected-at(${fruits}, 0)", "apple"),
        ("selected-at(${fruits}, 2)", "cherry"),
        ("selected-at(${fruits}, 3)", ""),
        ("selected-at(${fruits}, -1)", ""),
        ("selected-at(${fruits}, '1')", "banana"),
    ]
)
def test_selected_at(text, expected):
    assert run(text) == expected


@check(
    [
        ("jr:choice-name(${fruit}, '${fruit}')", "Banana (ripe)"),
        ("jr:choice-name('apple', '/data/group/fruits')", "Apple"),
        ("jr:choice-name('apple', 'fruits')", "Apple"),
        ("jr:choice-name('durian', '${fruit}')", ""),
        ("jr:choice-name(${empty}, '${fruit}')", ""),
    ]
)
def test_choice_name(text, expected):
    assert run(text) == expected


# --- strings -------------------------------------------------------------------------------


@check(
    [
        ("concat('a', 'b', 'c')", "abc"),
        ("concat(${name}, ' is ', ${age})", "Ada Lovelace is 42"),
        ("concat(1.50, true(), ${empty})", "1.5true"),
        ("concat(${members})", "AnnBob"),
        ("concat()", ""),
    ]
)
def test_concat(text, expected):
    assert run(text) == expected


@check(
    [
        ("join(', ', ${members})", "Ann, Bob"),
        ("join('-', 'a', 'b', 3)", "a-b-3"),
        ("join(' ', ${nobody})", ""),
    ]
)
def test_join(text, expected):
    assert run(text) == expected


@check(
    [
        ("coalesce(${empty}, 'fallback')", "fallback"),
        ("coalesce(${blank}, 5)", 5.0),
        ("coalesce(${name}, 'fallback')", "Ada Lovelace"),
        ("coalesce(0 div 0, 1)", 1.0),
        ("coalesce(0, 1)", 0.0),
        ("coalesce(${name}, unknown-function())", "Ada Lovelace"),
    ]
)
def test_coalesce(text, expected):
    assert same(run(text), expected)


@check(
    [
        ("string-length(${name})", 12.0),
        ("string-length('')", 0.0),
        ("string-length(${empty})", 0.0),
        ("string-length(12.50)", 4.0),
        ("string-length()", 5.0),
        ("string-length(.)", 5.0),
    ]
)
def test_string_length(text, expected):
    assert run(text, current="hello") == expected


@check(
    [
        ("substr('hello', 1)", "ello"),
        ("substr('hello', 1, 3)", "el"),
        ("substr('hello', 0, 100)", "hello"),
        ("substr('hello', -3)", "llo"),
        ("substr('hello', 0, -1)", "hell"),
        ("substr('hello', 4, 2)", ""),
        ("substr('hello', 0 div 0)", "hello"),
        ("substr(${empty}, 0, 2)", ""),
    ]
)
def test_substr(text, expected):
    assert run(text) == expected


@check(
    [
        ("contains(${name}, 'Love')", True),
        ("contains(${name}, 'love')", False),
        ("contains('abc', '')", True),
        ("starts-with(${name}, 'Ada')", True),
        ("starts-with(${name}, 'Love')", False),
        ("ends-with(${name}, 'lace')", True),
        ("ends-with(${name}, 'Ada')", False),
        ("substring-before('2024-03', '-')", "2024"),
        ("substring-after('2024-03', '-')", "03"),
        ("substring-before('abc', 'x')", ""),
    ]
)
def test_string_searches(text, expected):
    assert run(text) == expected


@check(
    [
        ("regex('0712345678', '^0[0-9]{9}$')", True),
        ("regex('071234567', '^0[0-9]{9}$')", False),
        ("regex('abc', 'b')", False),
        ("regex('abc', '.b.')", True),
        ("regex(., '[A-Za-z ]{1,10}')", True),
        ("regex(${empty}, '.*')", True),
    ]
)
def test_regex_matches_the_whole_value(text, expected):
    assert run(text, current="Ada") is expected


def test_invalid_regex_is_an_evaluation_error():
    with pytest.raises(EvaluationError, match="invalid regular expression"):
        run("regex('a', '(')")


@check(
    [
        ("normalize-space('  a \t b\n c  ')", "a b c"),
        ("normalize-space()", "x y"),
        ("translate('bar', 'abc', 'ABC')", "BAr"),
        ("translate('--aaa--', 'a-', 'A')", "AAA"),
        ("translate('abc', 'aa', 'xy')", "xbc"),
        ("string(12)", "12"),
        ("string(1.50)", "1.5"),
        ("string(0.000001)", "0.000001"),
        ("string(100000000000000000000)", "100000000000000000000"),
        ("string(true())", "true"),
        ("string(${empty})", ""),
        ("string()", " x  y "),
    ]
)
def test_string_functions(text, expected):
    assert run(text, current=" x  y ") == expected


# --- numbers -------------------------------------------------------------------------------


@check(
    [
        ("number('12.5')", 12.5),
        ("number(' -3 ')", -3.0),
        ("number('abc')", math.nan),
        ("number('')", math.nan),
        ("number(true())", 1.0),
        ("number()", 4.0),
        ("int(3.7)", 3.0),
        ("int(-3.7)", -3.0),
        ("int('12.9')", 12.0),
        ("int(0 div 0)", math.nan),
        ("int(1 div 0)", math.inf),
        ("round(2.5)", 3.0),
        ("round(-2.5)", -2.0),
        ("round(-2.6)", -3.0),
        ("round(3.14159, 2)", 3.14),
        ("round(1.005, 2)", 1.01),
        ("round(1234.5, -2)", 1200.0),
        ("round(1, 50)", math.nan),
        ("round(${empty})", math.nan),
        ("floor(2.7)", 2.0),
        ("floor(-2.1)", -3.0),
        ("ceiling(2.1)", 3.0),
        ("ceiling(-2.7)", -2.0),
        ("abs(-4)", 4.0),
        ("abs(${empty})", math.nan),
        ("pow(2, 10)", 1024.0),
        ("pow(9, 0.5)", 3.0),
        ("pow(-8, 1 div 3)", math.nan),
        ("pow(0, -1)", math.inf),
        ("pow(10, 400)", math.inf),
        ("sqrt(16)", 4.0),
        ("sqrt(-1)", math.nan),
        ("log(0)", -math.inf),
        ("log10(1000)", 3.0),
        ("exp(1000)", math.inf),
        ("round(cos(atan(1 div 100)), 4)", 1.0),
        ("atan2(1, 1) * 4", math.pi),
        ("pi()", math.pi),
    ]
)
def test_number_functions(text, expected):
    assert same(run(text, current="4"), expected)


@check(
    [
        ("sum(${ages})", 70.0),
        ("sum(${nobody})", 0.0),
        ("sum(${n})", 7.0),
        ("count(${ages})", 4.0),
        ("count(${nobody})", 0.0),
        ("count(${n})", 1.0),
        ("count-non-empty(${ages})", 3.0),
        ("max(${ages})", 40.0),
        ("min(${ages})", 30.0),
        ("max(1, 5, '3')", 5.0),
        ("min(1, ${age}, -2)", -2.0),
        ("max(${nobody})", math.nan),
        ("min(${empty}, 'x')", math.nan),
    ]
)
def test_node_set_functions(text, expected):
    assert same(run(text), expected)


# --- logic ---------------------------------------------------------------------------------


@check(
    [
        ("true()", True),
        ("false()", False),
        ("not(0)", True),
        ("not('x')", False),
        ("boolean('false')", True),
        ("boolean('')", False),
        ("boolean(0 div 0)", False),
        ("boolean(${nobody})", False),
        ("boolean(${members})", True),
        ("boolean-from-string('TRUE')", True),
        ("boolean-from-string('1')", True),
        ("boolean-from-string('yes')", False),
        ("if(${age} >= 18, 'adult', 'minor')", "adult"),
        ("if(${empty}, 'set', 'unset')", "unset"),
        ("if(1, 'safe', unknown-function())", "safe"),
    ]
)
def test_logic_functions(text, expected):
    assert run(text) == expected


# --- repeats, once, the current value -------------------------------------------------------


def test_position_gives_the_repeat_instance():
    assert run("position(..)", position=3) == 3.0
    assert run("position()", position=2) == 2.0
    assert run("concat('Member ', position(..))", position=4) == "Member 4"


def test_position_supports_only_the_parent():
    with pytest.raises(EvaluationError, match=re.escape("position() supports only '..'")):
        run("position(../..)")


@pytest.mark.parametrize(
    ("current", "expected"),
    [(None, "fresh"), ("", "fresh"), ("kept", "kept"), (0, 0.0), (math.nan, "fresh")],
)
def test_once_keeps_a_value_already_there(current, expected):
    assert same(run("once('fresh')", current=current), expected)


def test_current_value_is_dot():
    assert run(". > 5 and . < 10", current="7") is True
    assert run(". = ''", current=None) is True


def test_bare_paths_read_child_values_for_choice_filters():
    children = {"country": "ke", "city": "nairobi"}
    assert run("country = 'ke' and ./city = 'nairobi'", children=children) is True
    assert run("county = ''", children=children) is True


def test_paths_to_questions_read_their_answers():
    assert run("/data/group/age + ../n") == 49.0


# --- what cannot be evaluated --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pulldata('fruits', 'name', 'key', 'mango')", "unknown function pulldata()"),
        ("indexed-repeat(${a}, ${g}, 1)", "unknown function indexed-repeat()"),
        ("cht:difference-in-weeks(${a}, ${b})", "unknown function cht:difference-in-weeks()"),
        ("instance('list')/root/item[name = ${x}]/label", "instance() lookups are not supported"),
        ("count(instance('list')/root/item)", "instance() lookups are not supported"),
        ("instance('list')", "instance() lookups are not supported"),
        ("..", "'..' can only be used as the argument of position()"),
        ("/data/rep[1]/q", "the path /data/rep[1]/q is not supported"),
        ("label::English != ''", "the path label::English is not supported"),
        ("${rep}[2]", "the path ${rep}[2] is not supported"),
        ("${last-saved#village}", "${last-saved#village} references are not supported"),
        ("uuid(100000)", "uuid() length must be at most 4096, got 100000"),
    ],
)
def test_unsupported_things_raise_evaluation_errors(text, message):
    with pytest.raises(EvaluationError) as caught:
        run(text)
    assert str(caught.value) == message


def test_text_that_does_not_parse_is_an_evaluation_error_too():
    with pytest.raises(EvaluationError) as caught:
        run("1 +")
    assert isinstance(caught.value, ExpressionSyntaxError)
    assert caught.value.position == 2


def test_faults_in_the_context_come_back_as_evaluation_errors():
    class BrokenContext(EvaluationContext):
        def value(self, name: str):
            raise KeyError(name)

    with pytest.raises(EvaluationError, match="KeyError"):
        evaluate("${a} + 1", BrokenContext())


def test_evaluate_refuses_what_is_not_an_expression():
    with pytest.raises(EvaluationError):
        evaluate(42, MappingContext({}))  # type: ignore[arg-type]


def test_random_and_uuid():
    assert 0 <= run("random()") < 1
    assert re.fullmatch(r"[0-9a-f-]{36}", run("uuid()"))
    assert re.fullmatch(r"[A-Za-z0-9]{8}", run("uuid(8)"))


# --- the context and the coercions ---------------------------------------------------------


def test_a_minimal_context_needs_only_value():
    class OnlyValues(EvaluationContext):
        def value(self, name: str):
            return {"a": "2"}.get(name)

    context = OnlyValues()
    text = "${a} * 2 + position(..) + string-length(jr:choice-name(1, 'q'))"
    assert evaluate(text, context) == 5.0
    assert isinstance(evaluate("now()", context), datetime)


def test_mapping_context_defaults():
    context = MappingContext({"a": 1})
    assert context.value("a") == 1
    assert context.value("b") is None
    assert context.choice_label("q", "x") is None
    assert context.position() == 1
    assert context.child_value("cf") is None
    assert context.now().tzinfo is not None


def test_evaluate_accepts_parsed_expressions():
    expression = parse("${n} * 2")
    assert evaluate(expression, MappingContext({"n": 4})) == 8.0


@pytest.mark.parametrize(
    ("value", "boolean", "number", "text"),
    [
        (None, False, math.nan, ""),
        ("", False, math.nan, ""),
        ("0", True, 0.0, "0"),
        ("abc", True, math.nan, "abc"),
        (0, False, 0.0, "0"),
        (2.5, True, 2.5, "2.5"),
        (-0.0, False, -0.0, "0"),
        (True, True, 1.0, "true"),
        (False, False, 0.0, "false"),
        (math.nan, False, math.nan, "NaN"),
        (1e-7, True, 1e-7, "0.0000001"),
        (3.0000000000001, True, 3.0000000000001, "3"),
        (date(1970, 1, 11), True, 10.0, "1970-01-11"),
        ([], False, math.nan, ""),
        (["4", "5"], True, 4.0, "4"),
        (10**400, True, math.inf, "Infinity"),
    ],
)
def test_coercions(value, boolean, number, text):
    assert to_boolean(value) is boolean
    assert same(to_number(value), number)
    assert to_string(value) == text
