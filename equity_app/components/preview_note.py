"""What a flow's preview says when its date has no snapshot (issue 12, item 8).

A flow dated on a day with no snapshot (a weekend, a holiday, a day after the last imported
one) makes the engine add a carried-forward day on that date: the previous market value,
no P&L. Said before Confirm, the PM is not surprised by a day in the history that no feed
brought, nor by "Last snapshot" moving to a day whose P&L is not real.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from equity.storage.models import CARRY_FORWARD


def carried_forward_note(
    flow_date: date, snapshots: Iterable[tuple[date, str]], *, if_approved: bool = False
) -> str | None:
    """The sentence for a flow on ``flow_date``, or None when that date has a snapshot.

    ``snapshots``: every (date, source) of the portfolio. ``if_approved``: the flow is only
    proposed, so the day would be added on approval.
    """
    days = dict(snapshots)
    if flow_date in days:
        return None
    real = [day for day, source in days.items() if source != CARRY_FORWARD]
    last_real = max(real) if real else None
    what = (
        "a carried-forward day with no P&L would be added on approval"
        if if_approved
        else "a carried-forward day will be added with no P&L"
    )
    return f"No snapshot on {flow_date.isoformat()} ({_why(flow_date, last_real)}): {what}."


def _why(flow_date: date, last_real: date | None) -> str:
    weekday = flow_date.strftime("%A")
    if flow_date.weekday() >= 5:
        return f"a {weekday}"
    if last_real is None:
        return "no figures have been imported yet"
    if flow_date > last_real:
        return f"after the last imported day, {last_real.isoformat()}"
    return f"a {weekday} with no imported figures"
