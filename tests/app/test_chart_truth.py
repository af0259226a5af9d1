"""Charts that tell the same story as the numbers: the figure behind each chart, by hand.

Each scenario builds a small portfolio through the services (on SQLite and PostgreSQL),
reads it as the pages do, and checks the Plotly figure's traces, colours, ranges and signs.
"""

from __future__ import annotations

from equity.reads.dashboard import with_contributions
from equity.reads.history import equity_history
from equity_app import palette
from equity_app.components import charts
from tests.support import add_days, new_portfolio


def _traces_by_name(figure) -> dict:
    return {trace.name: trace for trace in figure.data if trace.showlegend is not False}


def test_a_cumulative_loss_is_drawn_below_contributions_in_the_loss_colour(db):
    """Opening 1,000,000; +1,000 on Thursday, -3,200 on Friday, 0 on Monday.

    Cumulative P&L: +1,000, then -2,200 twice. Contributions stay 1,000,000, so the losses
    band runs from 997,800 up to 1,000,000 on Friday and Monday, and there is no gain then.
    """
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "1000"), ("2025-01-03", "-3200"), ("2025-01-06", "0"))
    frame = with_contributions(equity_history(db, name).frame)

    figure = charts.contributions_vs_gains_chart(frame, "USD")

    traces = _traces_by_name(figure)
    contributions = traces["Net contributions"]
    losses, gains = traces["Market losses"], traces["Market gains"]
    assert list(contributions.y) == [1_000_000.0, 1_000_000.0, 1_000_000.0]
    assert list(losses.y) == [1_000_000.0, 997_800.0, 997_800.0]
    assert all(loss < c for loss, c in zip(losses.y[1:], contributions.y[1:], strict=True))
    assert list(gains.y) == [1_001_000.0, 1_000_000.0, 1_000_000.0]  # no gains area on a loss
    assert losses.line.color == palette.LOSS and gains.line.color == palette.GAIN
    assert losses.fillcolor == "rgba(220,38,38,0.45)"  # palette.LOSS, translucent
    assert list(gains.customdata) == ["+$1,000.00", "-$2,200.00", "-$2,200.00"]
    assert "Gains/losses" in gains.hovertemplate
    # Each band fills to the trace drawn just before it: losses to contributions, gains to
    # an invisible copy of contributions, never to the losses' edge.
    order = [trace.name for trace in figure.data]
    assert order == ["Net contributions", "Market losses", "Net contributions", "Market gains"]
    assert [trace.fill for trace in figure.data] == ["tozeroy", "tonexty", None, "tonexty"]
    assert list(figure.data[2].y) == list(contributions.y)
