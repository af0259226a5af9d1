"""FX rates imported from ``date,currency,rate``: exact, all or nothing, re-import replaces.

One unit of the row's currency is ``rate`` units of the base currency (USD unless set).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from equity.domain.csv_rows import CsvRowsError
from equity.errors import AccessDeniedError, ValidationError
from equity.services.audit import replaced_days_in
from equity.services.fx import import_fx_rates, import_sentence, latest_rates
from equity.services.settings import set_setting
from equity.storage.models import AuditEntry, FxRate
from tests.engine.access_support import clear_users, latest_audit, table_contents
from tests.support import D, day, full_dump

HEADER = "date,currency,rate\n"


def stored_rates(db) -> list[tuple]:
    with db.read() as session:
        rows = session.execute(
            select(FxRate.rate_date, FxRate.currency, FxRate.rate).order_by(
                FxRate.rate_date, FxRate.currency
            )
        ).all()
    return [(d.isoformat(), c, r) for d, c, r in rows]


def test_a_month_of_euro_and_sterling_rates_is_stored_exactly(db):
    summary = import_fx_rates(
        db,
        HEADER + "2026-06-01,EUR,1.0834\n2026-06-01,gbp,1.2650125\n2026-06-02,EUR,1.09\n",
    )
    assert (summary.rates, summary.replaced, summary.currencies) == (3, 0, ("EUR", "GBP"))
    assert (summary.first_date, summary.last_date) == (day("2026-06-01"), day("2026-06-02"))
    assert stored_rates(db) == [
        ("2026-06-01", "EUR", D("1.0834")),
        ("2026-06-01", "GBP", D("1.2650125")),
        ("2026-06-02", "EUR", D("1.09")),
    ]
    assert import_sentence(summary) == (
        "imported 3 rates in USD for EUR, GBP from 2026-06-01 to 2026-06-02 (0 replaced)"
    )


def test_re_importing_a_date_replaces_its_rate_and_says_how_many(db):
    import_fx_rates(db, HEADER + "2026-06-01,EUR,1.0834\n2026-06-02,EUR,1.09\n")
    summary = import_fx_rates(db, HEADER + "2026-06-02,EUR,1.1\n2026-06-03,EUR,1.2\n")
    assert (summary.rates, summary.replaced) == (2, 1)
    assert import_sentence(summary).endswith("(1 replaced)")
    assert stored_rates(db) == [
        ("2026-06-01", "EUR", D("1.0834")),
        ("2026-06-02", "EUR", D("1.1")),
        ("2026-06-03", "EUR", D("1.2")),
    ]
    entry = latest_audit(db)
    assert (entry.portfolio_id, entry.actor, entry.action) == (None, db.actor, "fx.import")
    assert entry.details.startswith(
        "imported 2 FX rate(s) in USD for EUR from 2026-06-02 to 2026-06-03; 1 replaced"
    )
    assert replaced_days_in(entry.details) == [
        {"date": "2026-06-02", "currency": "EUR", "rate": "1.09"}
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("2026-13-01,EUR,1.08\n", "row 2, date: '2026-13-01' is not a date in YYYY-MM-DD form"),
        ("2026-06-01,EURO,1.08\n", "row 2, currency: 'EURO' is not a supported ISO currency code"),
        ("2026-06-01,EUR,0\n", "row 2, rate: '0' must be greater than zero"),
        ("2026-06-01,EUR,-1.08\n", "row 2, rate: '-1.08' must be greater than zero"),
        ("2026-06-01,EUR,abc\n", "row 2, rate: 'abc' is not a number"),
        ("2026-06-01,EUR,NaN\n", "row 2, rate: 'NaN' is not a plain finite number"),
        ("2026-06-01,EUR,\n", "row 2, rate: is empty; give a number such as 1.0850"),
        (
            "2026-06-01,EUR,1.12345678901\n",
            "row 2, rate: '1.12345678901' has more than 10 decimal places",
        ),
        (
            "2026-06-01,EUR,1.08\n2026-06-01,eur,1.09\n",
            "row 3, date: EUR on 2026-06-01 appears twice (rows 2 and 3)",
        ),
        (
            "2026-06-01,USD,1.01\n",
            "row 2, rate: USD is the base currency, so its rate must be 1, not 1.01",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(db, rows, message):
    """The file's good last row would replace a stored rate: it must not, either."""
    import_fx_rates(db, HEADER + "2026-05-29,EUR,1.07\n")
    before = full_dump(db)
    with pytest.raises(CsvRowsError) as refused:
        import_fx_rates(db, HEADER + rows + "2026-05-29,EUR,1.5\n")
    assert str(refused.value) == f"file: 1 problem(s): {message}"
    assert full_dump(db) == before


def test_every_bad_row_is_listed_at_once(db):
    with pytest.raises(CsvRowsError) as refused:
        import_fx_rates(db, HEADER + "2026-06-01,XXX,1\n2026-06-02,EUR,0\n")
    assert [(e.row, e.field) for e in refused.value.errors] == [(2, "currency"), (3, "rate")]
    assert stored_rates(db) == []


def test_the_base_currency_at_exactly_one_is_accepted(db):
    import_fx_rates(db, HEADER + "2026-06-01,USD,1.000\n")
    assert stored_rates(db) == [("2026-06-01", "USD", D("1"))]


def test_the_base_currency_check_follows_the_setting(db):
    set_setting(db, "base_currency", "EUR")
    import_fx_rates(db, HEADER + "2026-06-01,USD,0.92\n")
    with pytest.raises(CsvRowsError, match="EUR is the base currency, so its rate must be 1"):
        import_fx_rates(db, HEADER + "2026-06-01,EUR,1.08\n")


def test_a_header_without_the_rate_column_is_refused(db):
    with pytest.raises(ValidationError, match="missing column"):
        import_fx_rates(db, "date,currency\n2026-06-01,EUR\n")


def test_latest_rate_on_or_before_a_date(db):
    import_fx_rates(db, HEADER + "2026-06-01,EUR,1.08\n2026-06-03,EUR,1.10\n2026-06-05,GBP,1.27\n")
    with db.read() as session:
        on_fourth = latest_rates(session, "USD", day("2026-06-04"))
    assert {c: (r.rate_date.isoformat(), r.rate) for c, r in on_fourth.items()} == {
        "EUR": ("2026-06-03", D("1.10"))
    }


def test_only_an_admin_imports_rates(db):
    from equity.services.users import set_user

    clear_users(db)
    try:
        set_user(db, "viewer@firm.example", "viewer", None)
        before = table_contents(db)
        with pytest.raises(AccessDeniedError, match="only an admin can import FX rates"):
            import_fx_rates(db.as_signed_in("viewer@firm.example"), HEADER + "2026-06-01,EUR,1\n")
        assert table_contents(db) == before
    finally:
        clear_users(db)
    with db.read() as session:
        assert session.execute(select(AuditEntry.action)).scalars().all() == ["user.set"]


def test_each_rate_is_stored_in_the_base_of_its_import(db):
    import_fx_rates(db, HEADER + "2026-06-01,EUR,1.08\n")
    set_setting(db, "base_currency", "GBP")
    summary = import_fx_rates(db, HEADER + "2026-06-01,EUR,0.85\n")
    assert (summary.base_currency, summary.replaced) == ("GBP", 0)  # a rate in another base
    with db.read() as session:
        rows = session.execute(
            select(FxRate.base_currency, FxRate.currency, FxRate.rate).order_by(
                FxRate.base_currency
            )
        ).all()
    assert [tuple(r) for r in rows] == [("GBP", "EUR", D("0.85")), ("USD", "EUR", D("1.08"))]
