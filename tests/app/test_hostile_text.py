"""User text reaches Markdown elements escaped and Plotly hovers as escaped data, on every page.

The browser test (tests/browser/test_hostile_text.py) proves what Chromium shows; this one
reads the exact source Streamlit receives, which is where a regression starts.
"""

from __future__ import annotations

import json
import re

import pytest

from equity_app.literal import hover, md
from tests.app.screen import PAGES, assert_no_exception, shown
from tests.hostile_text import BENCHMARK, NAME, NOTE, OTHER, QUERY, REASON, seed

#: Fragments only the hostile text holds, as typed: md() escapes each of them, so none may
#: reach an element's source except inside a literal code span.
RENDERABLE = ("evil.example", ":red[", ":blue[", ":green[", "$$", "x^2", "7*7", "<b>", "<img",
              "<i>", ":material/home:", ":smile:", "_it_", "%{x}", "%{y}", "~~")  # fmt: skip
CODE_SPAN = re.compile(r"``.*?``")
MARKDOWN_KINDS = ("title", "header", "subheader", "caption", "markdown", "warning", "info",
                  "error", "success", "toast")  # fmt: skip


@pytest.fixture
def hostile_url(empty_url: str) -> str:
    seed(empty_url)
    return empty_url


def markdown_sources(at) -> list[str]:
    """Every string the page hands to an element that renders Markdown, labels included."""
    sources = [element.value for kind in MARKDOWN_KINDS for element in getattr(at, kind)]
    sources += [metric.label for metric in at.metric]
    sources += [button.label for button in at.button]
    sources += [expander.label for expander in at.expander]
    return [str(source) for source in sources]


def without_user_text(source: str) -> str:
    """The source with every properly escaped piece of user text (and code span) cut out."""
    for text in (NAME, OTHER, BENCHMARK, QUERY, repr(QUERY), NOTE, REASON):
        source = source.replace(md(text), "")
    return CODE_SPAN.sub("", source)


def user_text_in(source: str) -> bool:
    return any(text in shown(source) for text in (NAME, OTHER, BENCHMARK, QUERY))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("portfolio", [NAME, OTHER], ids=["name", "other"])
def test_hostile_names_and_benchmarks_reach_markdown_only_escaped(
    hostile_url, open_app, page, portfolio
):
    at = open_app(page, portfolio=portfolio)
    assert_no_exception(at)
    sources = markdown_sources(at)
    leaks = [s for s in sources if any(f in without_user_text(s) for f in RENDERABLE)]
    assert not leaks
    assert any(user_text_in(source) for source in sources), "the name is shown somewhere"


def test_the_dashboard_title_is_the_name_exactly_as_typed(hostile_url, open_app):
    at = open_app(portfolio=NAME)
    assert at.title[0].value == md(NAME)
    assert shown(at.title[0].value) == NAME


def test_the_consistency_banner_quotes_the_name_in_a_literal_code_span(hostile_url, open_app):
    at = open_app(portfolio=OTHER)
    [banner] = [w.value for w in at.warning if "consistency problem" in w.value]
    assert "Fix: `` python -m equity recompute '" + OTHER + "' ``" not in banner  # no pad needed
    assert "Fix: ``python -m equity recompute '" + OTHER + "'``" in banner


def test_a_link_to_an_unknown_hostile_name_is_said_literally(hostile_url, open_app):
    at = open_app("pages/cash_flows.py", portfolio=QUERY)
    assert_no_exception(at)
    [warning] = at.warning
    assert warning.value.startswith("No portfolio is named " + md(repr(QUERY)))
    assert not any(f in without_user_text(warning.value) for f in RENDERABLE)


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_flow_notes_reach_the_equity_chart_hover_escaped_and_as_data(hostile_url, open_app):
    at = open_app(portfolio=NAME)
    equity = next(f for f in figures(at) if any(t.get("name") == "Deposit" for t in f["data"]))
    [deposits] = [t for t in equity["data"] if t.get("name") == "Deposit"]
    assert [row[2] for row in deposits["customdata"]] == [hover(NOTE)]
    assert "evil" not in json.dumps([t.get("hovertemplate") for t in equity["data"]])
    assert "<a " not in json.dumps(deposits["customdata"])


def test_a_benchmark_name_reaches_the_growth_chart_escaped_and_never_the_template(
    hostile_url, open_app
):
    at = open_app("pages/performance.py", portfolio=NAME)
    at.selectbox(key="performance_benchmark").select(BENCHMARK).run()  # none by default
    assert_no_exception(at)
    [growth] = [f for f in figures(at) if f["data"][0].get("name") == "Portfolio (TWR)"]
    benchmark = growth["data"][1]
    assert benchmark["name"] == hover(BENCHMARK)
    assert {row[0] for row in benchmark["customdata"]} == {hover(BENCHMARK)}
    templates = [trace["hovertemplate"] for trace in growth["data"]]
    assert all(BENCHMARK not in t and hover(BENCHMARK) not in t for t in templates)
    assert f"{md(BENCHMARK)}, same days" in [metric.label for metric in at.metric]
