"""A performance report computes its derived figures once per load; every face reads them.

The Performance page shows the drawdown three ways (headline metric, its caption, the
underwater chart); before the report carried it, each of them ran the drawdown again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from equity.analytics import risk
from tests.app.conftest import APP, TIMEOUT
from tests.app.screen import assert_no_exception, metric_value

PAGE = "pages/performance.py"


def count_calls(monkeypatch: pytest.MonkeyPatch, original: Callable) -> list[int]:
    """Replace ``original`` wherever a loaded module holds it; the list grows per call."""
    calls: list[int] = []

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    for module in list(sys.modules.values()):
        for name, value in list(getattr(module, "__dict__", {}).items()):
            if value is original:
                monkeypatch.setattr(module, name, counting)
    return calls


def test_the_performance_page_runs_the_drawdown_once(demo_url, monkeypatch):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()  # the landing page loads every engine module the pages import
    calls = count_calls(monkeypatch, risk.drawdown)
    at.switch_page(PAGE).run()
    assert_no_exception(at)
    assert metric_value(at, "Max drawdown") not in ("—", None)  # shown: headline ...
    assert [c for c in at.caption if c.value.startswith("Deepest fall:")]  # ... caption ...
    charts = [c.proto.id for c in at.get("plotly_chart")]
    assert any(i.endswith("performance_drawdown_chart") for i in charts)  # ... and its chart
    assert len(calls) == 1
