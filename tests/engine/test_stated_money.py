"""Messages and the audit trail state money in the portfolio's currency, exactly.

A yen deposit reads ``¥1,250`` (not ``1,250.00``), a refusal names ``-¥…``; nothing is
rounded: a figure finer than the currency's units keeps its digits.
"""

from __future__ import annotations

import pytest

from equity.errors import ValidationError
from equity.money import stated_money
from equity.services.audit import audit_trail
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from tests.support import D, day


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("1250", "JPY", "¥1,250"),
        ("1250.50", "JPY", "¥1,250.50"),  # finer than yen: stated, not rounded to ¥1,251
        ("-7.50", "USD", "-$7.50"),
        ("1000", "KRW", "₩1,000"),
        ("-100", "EUR", "-€100.00"),
        ("-0.00", "USD", "$0.00"),
    ],
)
def test_each_currency_by_its_own_units_and_symbol(amount, currency, shown):
    assert stated_money(D(amount), currency) == shown


def test_a_yen_portfolio_audits_and_refuses_in_yen(db):
    create_portfolio(db, NewPortfolio("Tokyo", D("1000000"), day("2025-01-01"), "JPY"))
    record_cash_flow(db, FlowRequest("Tokyo", day("2025-03-03"), "deposit", D("1250")))
    trail = audit_trail(db, "Tokyo")
    assert trail[0].details == "deposit of ¥1,250"
    assert trail[-1].details == "opening equity ¥1,000,000 (JPY), inception 2025-01-01"
    with pytest.raises(ValidationError) as refused:
        record_cash_flow(db, FlowRequest("Tokyo", day("2025-03-04"), "withdrawal", D("2000000")))
    assert str(refused.value) == (
        "amount: withdrawal of ¥2,000,000 would make equity negative on 2025-03-04 (-¥998,750)"
    )
