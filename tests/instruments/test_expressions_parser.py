"""Parsing XLSForm expressions: trees, what they refer to, and syntax errors people can fix."""

from __future__ import annotations

import pickle

import pytest

from instruments.expressions import (
    KNOWN_FUNCTIONS,
    MAX_DEPTH,
    Expression,
    ExpressionError,
    ExpressionSyntaxError,
    parse,
)
from instruments.expressions.nodes import (
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


def tree(text: str):
    return parse(text).tree


# --- literals and primaries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", Number(3.0)),
        ("2.50", Number(2.5)),
        (".5", Number(0.5)),
        ("7.", Number(7.0)),
        ("'yes'", String("yes")),
        ('"it\'s"', String("it's")),
        ("''", String("")),
        ("${age}", Reference("age")),
        ("${c3.1}", Reference("c3.1")),
        ("${last-saved#village}", Reference("village", last_saved=True)),
        (".", Current()),
        ("(((${a})))", Reference("a")),
        ("  ${a}\t\n", Reference("a")),
    ],
)
def test_literals_and_references(text, expected):
    assert tree(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # pyxform turns typographic quotes into straight ones; real forms rely on it.
        ("${a}=\u2019yes\u2019", Binary("=", Reference("a"), String("yes"))),
        ("${a}=\u2018yes\u2019", Binary("=", Reference("a"), String("yes"))),
        ("${a}=\u201cyes\u201d", Binary("=", Reference("a"), String("yes"))),
    ],
)
def test_typographic_quotes_delimit_strings(text, expected):
    assert tree(text) == expected


def test_unary_minus_is_a_node_and_numbers_stay_positive():
    assert tree("-3") == Negate(Number(3.0))
    assert tree("--${a}") == Negate(Negate(Reference("a")))
    assert tree("${a}-1") == Binary("-", Reference("a"), Number(1.0))


# --- operators -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("1 + 2 * 3", "1 + 2 * 3"),
        ("(1 + 2) * 3", "(1 + 2) * 3"),
        ("1 - 2 - 3", "1 - 2 - 3"),
        ("1 - (2 - 3)", "1 - (2 - 3)"),
        ("8 div 4 div 2", "8 div 4 div 2"),
        ("7 mod 4 * 2", "7 mod 4 * 2"),
        ("${a} > 1 and ${b} < 2 or ${c} = 3", "${a} > 1 and ${b} < 2 or ${c} = 3"),
        ("${a} > 1 and (${b} < 2 or ${c} = 3)", "${a} > 1 and (${b} < 2 or ${c} = 3)"),
        ("${a} = 1 != ${b}", "${a} = 1 != ${b}"),
        ("1 <= 2 >= 0", "1 <= 2 >= 0"),
        ("-2 * 3", "-2 * 3"),
        ("-(2 * 3)", "-(2 * 3)"),
        ("${a} | ${b}", "${a} | ${b}"),
    ],
)
def test_precedence_and_associativity(text, canonical):
    assert to_text(tree(text)) == canonical


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("1 or 2", "or"),
        ("1 and 2", "and"),
        ("1 = 2", "="),
        ("1 != 2", "!="),
        ("1 < 2", "<"),
        ("1 <= 2", "<="),
        ("1 > 2", ">"),
        ("1 >= 2", ">="),
        ("1 + 2", "+"),
        ("1 - 2", "-"),
        ("1 * 2", "*"),
        ("1 div 2", "div"),
        ("1 mod 2", "mod"),
    ],
)
def test_every_binary_operator(text, operator):
    assert tree(text) == Binary(operator, Number(1.0), Number(2.0))


def test_operator_words_are_names_where_no_value_precedes():
    # XPath 1.0, 3.7: 'div' after an operator is a name, after a value an operator.
    assert tree("div div div") == Binary(
        "div", LocationPath(False, (Step("div"),)), LocationPath(False, (Step("div"),))
    )
    assert tree("/data/and") == LocationPath(True, (Step("data"), Step("and")))


def test_star_is_multiplication_after_a_value_and_a_wildcard_otherwise():
    assert tree("2*3") == Binary("*", Number(2.0), Number(3.0))
    assert tree("/data/*") == LocationPath(True, (Step("data"), Step("*")))


# --- functions -----------------------------------------------------------------------------


def test_function_calls_with_prefixes_hyphens_and_spaces():
    assert tree("jr:choice-name(${q}, '${q}')") == Call(
        "jr:choice-name", (Reference("q"), String("${q}"))
    )
    assert tree("selected (., 'no')") == Call("selected", (Current(), String("no")))
    assert tree("today()") == Call("today", ())


def test_functions_and_unknown_functions_are_listed():
    expression = parse(
        "if(selected(${a}, 'x'), pulldata('f', 'c', 'k', ${b}),"
        " cht:difference-in-weeks(${d}, today()))"
    )
    assert expression.functions == {
        "if",
        "selected",
        "pulldata",
        "cht:difference-in-weeks",
        "today",
    }
    assert expression.unknown_functions == {"pulldata", "cht:difference-in-weeks"}


@pytest.mark.parametrize(
    "name",
    [
        "selected",
        "count-selected",
        "selected-at",
        "jr:choice-name",
        "coalesce",
        "concat",
        "string-length",
        "substr",
        "contains",
        "starts-with",
        "ends-with",
        "regex",
        "today",
        "now",
        "date",
        "decimal-date-time",
        "int",
        "round",
        "number",
        "string",
        "boolean",
        "true",
        "false",
        "not",
        "if",
        "sum",
        "count",
        "max",
        "min",
        "position",
        "once",
        "join",
        "normalize-space",
        "translate",
        "floor",
        "ceiling",
        "abs",
        "pow",
    ],
)
def test_required_functions_are_known(name):
    assert name in KNOWN_FUNCTIONS


@pytest.mark.parametrize(
    "name", ["pulldata", "indexed-repeat", "duration", "cht:difference-in-weeks", "instance"]
)
def test_functions_we_cannot_evaluate_are_unknown(name):
    assert name not in KNOWN_FUNCTIONS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("if(${a}, 1)", "if() takes 3 arguments, got 2"),
        ("not(1, 2)", "not() takes 1 argument, got 2"),
        ("today(1)", "today() takes no arguments, got 1"),
        ("round(1, 2, 3)", "round() takes 1 or 2 arguments, got 3"),
        ("substr('a')", "substr() takes 2 or 3 arguments, got 1"),
        ("max()", "max() takes at least 1 argument, got 0"),
        ("selected(${a})", "selected() takes 2 arguments, got 1"),
    ],
)
def test_wrong_argument_count_is_a_syntax_error(text, message):
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse(text)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.position == 0


def test_unknown_functions_take_any_number_of_arguments():
    assert parse("pulldata()").unknown_functions == {"pulldata"}
    assert parse("indexed-repeat(${a}, ${g}, 1, ${h}, 2)").unknown_functions == {"indexed-repeat"}


# --- paths ---------------------------------------------------------------------------------


def test_absolute_and_parent_paths_are_references_by_their_last_step():
    assert parse("/data/group/q > 2").references == {"q"}
    assert parse("../q + ../../inputs/contact/_id").references == {"q", "_id"}
    assert parse("concat(../../inputs/meta/location/lat, ' ')").references == {"lat"}
    assert tree("../q") == LocationPath(False, (Step(".."), Step("q")))


def test_bare_names_are_child_paths_not_references():
    expression = parse("country=${country} and city = ./city")
    assert expression.references == {"country"}
    assert expression.child_names == {"country", "city"}
    assert tree("yes") == LocationPath(False, (Step("yes"),))


def test_instance_lookups_and_predicates_parse():
    expression = parse("instance('list')/root/item[name = ${x}]/label")
    assert isinstance(expression.tree, FilterPath)
    assert expression.tree.base == Call("instance", (String("list"),))
    assert [step.test for step in expression.tree.steps] == ["root", "item", "label"]
    assert expression.tree.steps[1].predicates == (
        Binary("=", LocationPath(False, (Step("name"),)), Reference("x")),
    )
    assert expression.references == {"x"}
    assert expression.child_names == set()  # 'name' is inside a predicate
    assert expression.unknown_functions == {"instance"}


@pytest.mark.parametrize(
    "text",
    [
        "/data/rep[position() = 1]/q",
        "count(/data/rep[q > 2])",
        "${rep}[2]",
        "//q",
        "@id",
        "child::q",
        "label::English != ''",
        "/data/q/text()",
        "/",
        "position(..)",
        "instance('x')/root/item[1]",
        "(${a})[1]",
    ],
)
def test_path_forms_found_in_real_forms_parse(text):
    assert isinstance(parse(text), Expression)


def test_references_collects_every_name_once():
    expression = parse("${a} + ${b} * ${a} - sum(${c})")
    assert expression.references == {"a", "b", "c"}


# --- syntax errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "the expression is empty", 0),
        ("   ", "the expression is empty", 0),
        (
            "Total price of all items",
            "unexpected word 'price' at character 7: text must be in quotes",
            6,
        ),
        ("hello world", "unexpected word 'world' at character 7: text must be in quotes", 6),
        (
            "because pyxform doesn't know what to do",
            "unexpected word 'pyxform' at character 9: text must be in quotes",
            8,
        ),
        ("if(${num}<1,0,1", "unclosed bracket '(' opened at character 3", 2),
        ("concat('a', (1 + 2)", "unclosed bracket '(' opened at character 7", 6),
        ("((1)", "unclosed bracket '(' opened at character 1", 0),
        ("${a}[1", "unclosed bracket '[' opened at character 5", 4),
        ("concat(", "unclosed bracket '(' opened at character 7", 6),
        ("(1 + 2))", "unmatched ')' at character 8", 7),
        ("1 ]", "unmatched ']' at character 3", 2),
        ("${a} +", "missing value after '+' at character 6", 5),
        ("${a} and", "missing value after 'and' at character 6", 5),
        ("1 = ", "missing value after '=' at character 3", 2),
        ("-", "missing value after '-' at character 1", 0),
        ("${}", "empty reference '${}' at character 1", 0),
        ("1 + ${ }", "empty reference '${ }' at character 5", 4),
        ("${a b}", "invalid question name 'a b' in reference at character 1", 0),
        ("${1st}", "invalid question name '1st' in reference at character 1", 0),
        ("${age", "unclosed reference: '${' at character 1 has no closing '}'", 0),
        ("'abc", "unterminated string: the quote ' at character 1 is never closed", 0),
        ('concat("a, 1)', 'unterminated string: the quote " at character 8 is never closed', 7),
        ("${a} == 1", "'==' is not an operator: use '=' (character 6)", 5),
        ("${a} <> 1", "'<>' is not an operator: use '!=' (character 6)", 5),
        ("${a} && ${b}", "'&&' is not an operator: use 'and' (character 6)", 5),
        ("!${a}", "unexpected character '!' at character 1: use '!=' or not(...)", 0),
        ("${a} # 1", "unexpected character '#' at character 6", 5),
        ("$a", "unexpected character '$' at character 1: references are written ${name}", 0),
        ("${a} / 2", "'/' at character 6 is not division: use 'div'", 5),
        ("${a} ${b}", "missing operator before '${b}' at character 6", 5),
        ("1 2", "missing operator before '2' at character 3", 2),
        ("f(1 2)", "missing operator before '2' at character 5", 4),
        ("concat(1,)", "unexpected ')' at character 10: expected a value after ','", 9),
        ("= 2", "unexpected '=' at character 1: expected a value", 0),
        ("(1]", "expected ')' to close '(' opened at character 1, found ']' at character 3", 2),
        (
            "1, 2",
            "unexpected ',' at character 2: commas only separate the arguments of a function",
            1,
        ),
        ("/data/foo()", "a function call cannot be a step of a path: 'foo' at character 7", 6),
    ],
)
def test_syntax_errors_say_what_and_where(text, message, position):
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse(text)
    error = caught.value
    assert (error.message, error.position, error.source) == (message, position, text)
    assert str(error) == message
    assert isinstance(error, ExpressionError)


def test_the_first_fault_in_the_text_is_reported():
    # The stray word comes before the unterminated quote in "doesn't".
    with pytest.raises(ExpressionSyntaxError, match="'pyxform'"):
        parse("because pyxform doesn't")


def test_deep_nesting_is_refused_not_a_crash():
    for text in ("(" * 300 + "1" + ")" * 300, "-" * 300 + "1", "not(" * 300 + "1" + ")" * 300):
        with pytest.raises(ExpressionSyntaxError, match="expression nested too deeply"):
            parse(text)


def test_nesting_up_to_the_limit_is_accepted():
    depth = MAX_DEPTH - 2
    assert parse("(" * depth + "1" + ")" * depth).tree == Number(1.0)


def test_long_flat_chains_are_not_nesting():
    expression = parse(" + ".join(f"${{q{i}}}" for i in range(500)))
    assert len(expression.references) == 500


def test_syntax_errors_survive_pickling():
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse("1 +")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.message, copy.position, copy.source) == (
        caught.value.message,
        caught.value.position,
        caught.value.source,
    )


# --- the Expression object -----------------------------------------------------------------


def test_parse_is_cached_by_text():
    assert parse("${a} + 1") is parse("${a} + 1")


def test_expressions_compare_by_text():
    assert parse("1 + 2") == parse("1 + 2")
    assert parse("1 + 2") != parse("1+2")
    assert str(parse("1+2")) == "1+2"
    assert parse("1+2").source == "1+2"
    assert {parse("1"): "one"}[parse("1")] == "one"


def test_parse_refuses_what_is_not_text():
    with pytest.raises(TypeError):
        parse(1.5)  # type: ignore[arg-type]


def test_to_text_refuses_trees_no_text_can_write():
    with pytest.raises(ValueError):
        to_text(Number(-1.0))
    with pytest.raises(ValueError):
        to_text(String("both ' and \""))
