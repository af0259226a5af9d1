"""Each import's template imports with its own importer, as it is printed."""

from __future__ import annotations

import pytest

from equity.domain.column_mapping import import_fields
from equity.domain.templates import TEMPLATE_KINDS, template_csv
from equity.services.benchmarks import import_benchmark_csv, list_benchmarks
from equity.services.cash_flows import list_cash_flows
from equity.services.fx import import_fx_rates
from equity.services.import_check import import_flow_file, import_snapshot_file
from equity.services.portfolios import get_portfolio
from tests.support import D, new_portfolio


def test_each_template_is_its_fields_and_one_example_row():
    assert TEMPLATE_KINDS == ("snapshots", "flows", "benchmark", "fx")
    for kind in TEMPLATE_KINDS:
        header, example, end = template_csv(kind).split("\n")
        assert header.split(",") == list(import_fields(kind))
        assert len(example.split(",")) == len(import_fields(kind))
        assert end == ""


def test_an_unknown_template_is_refused():
    with pytest.raises(ValueError, match="snapshots, flows, benchmark, fx"):
        template_csv("trades")


def test_the_snapshot_and_flow_templates_import(db):
    new_portfolio(db, "Fund")
    import_snapshot_file(db, "Fund", template_csv("snapshots").encode())
    import_flow_file(db, "Fund", template_csv("flows").encode())
    assert get_portfolio(db, "Fund").equity_balance == D("1101250.50")
    assert [f.notes for f in list_cash_flows(db, "Fund")] == ["Initial subscription"]


def test_the_benchmark_and_fx_templates_import(db):
    import_benchmark_csv(db, "Index", template_csv("benchmark"))
    assert [(v.name, v.prices) for v in list_benchmarks(db)] == [("Index", 1)]
    assert import_fx_rates(db, template_csv("fx")).currencies == ("EUR",)


def test_the_cli_prints_the_template(db, cli):
    assert cli(db, "template", "flows").stdout == template_csv("flows")
    refused = cli(db, "template", "trades", expect=2)
    assert refused.stderr.startswith("error: ")
