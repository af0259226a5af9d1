"""Portfolio names: one spelling per portfolio, never an id, never an invisible character.

Issue 9, items 3 and 4: a portfolio named like another's id made ``flow add <name>`` write
to the other one; zero-width, bidi and control characters let two portfolios look the same.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from equity.domain.validation import check_text, portfolio_name_key
from equity.errors import ValidationError
from equity.services import portfolios
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.portfolios import NewPortfolio, create_portfolio, get_portfolio
from equity.storage.models import CashFlow, Portfolio
from tests.support import D, day, full_dump, new_portfolio

SOME_ID = uuid.UUID("1426dfc4-5294-4792-88d4-bb056464264e")
#: Every spelling ``uuid.UUID`` accepts; each would be read as an id by the CLI.
ID_SPELLINGS = [
    str(SOME_ID),
    SOME_ID.hex,
    str(SOME_ID).upper(),
    "{" + str(SOME_ID) + "}",
    f"urn:uuid:{SOME_ID}",
    "１４２６dfc4-5294-4792-88d4-bb056464264e",  # full-width digits: NFKC makes them an id
]


@pytest.mark.parametrize("name", ID_SPELLINGS)
def test_a_name_that_reads_as_an_id_is_refused(db, name):
    new_portfolio(db, "Fund")
    before = full_dump(db)
    with pytest.raises(ValidationError) as raised:
        create_portfolio(db, NewPortfolio(name, D("5"), day("2025-01-01")))
    assert raised.value.field == "name"
    assert "reads as a portfolio id" in raised.value.message
    assert full_dump(db) == before


INVISIBLE = [
    ("zero-width space", "Alpha\u200bFund", "U+200B"),
    ("right-to-left override", "\u202eAlpha", "U+202E"),
    ("delete", "Alpha\x7f", "U+007F"),
    ("byte-order mark", "Al\ufeffpha", "U+FEFF"),
    ("tab", "A\tB", "U+0009"),
    ("line separator", "Alpha\u2028Fund", "U+2028"),
]


@pytest.mark.parametrize(("case", "name", "code"), INVISIBLE, ids=[c[0] for c in INVISIBLE])
def test_invisible_and_control_characters_are_refused_in_names(db, case, name, code):
    before = full_dump(db)
    with pytest.raises(ValidationError) as raised:
        create_portfolio(db, NewPortfolio(name, D("5"), day("2025-01-01")))
    assert raised.value.field == "name"
    assert f"invisible or control character {code}" in raised.value.message
    assert full_dump(db) == before


def test_names_are_stored_nfkc_normalised_with_single_spaces(db):
    view = create_portfolio(
        db, NewPortfolio("  Ｇｌｏｂａｌ\u00a0 ﬁnance  ", D("5"), day("2025-01-01"))
    )
    assert view.name == "Global finance"


@pytest.mark.parametrize(
    "twin", ["alpha fund", "ALPHA  FUND", "Ａｌｐｈａ Fund", "Alpha\u00a0Fund"]
)
def test_a_name_that_differs_only_in_case_width_or_spacing_is_taken(db, twin):
    new_portfolio(db, "Alpha Fund")
    before = full_dump(db)
    with pytest.raises(ValidationError) as raised:
        create_portfolio(db, NewPortfolio(twin, D("5"), day("2025-01-01")))
    assert raised.value.message == "a portfolio named 'Alpha Fund' already exists"
    assert full_dump(db) == before


def test_the_database_itself_refuses_a_second_name_with_the_same_key(db, monkeypatch):
    """Two creations racing past the pre-check: the unique key lets exactly one win."""
    new_portfolio(db, "Alpha Fund")
    monkeypatch.setattr(portfolios, "_name_taken", lambda session, key: None)
    with pytest.raises(
        ValidationError, match=r"^name: a portfolio named 'Alpha Fund' already exists$"
    ):
        create_portfolio(db, NewPortfolio("ALPHA FUND", D("5"), day("2025-01-01")))
    row = {
        "id": uuid.uuid4(),
        "name": "alpha fund",
        "name_key": "alpha fund",
        "currency": "USD",
        "inception_date": day("2025-01-01"),
        "opening_equity": D("1"),
        "equity_balance": D("1"),
        "created_by": "test",
    }
    with pytest.raises(IntegrityError), db.unit_of_work() as uow:
        uow.session.execute(insert(Portfolio).values(**row))
        uow.commit()
    with db.read() as session:
        assert session.execute(select(Portfolio.name)).scalars().all() == ["Alpha Fund"]


@pytest.mark.parametrize("asked", ["Alpha Fund", "alpha fund", " ALPHA  FUND ", "Ａｌｐｈａ Fund"])
def test_lookup_by_name_matches_the_normalised_case_folded_key(db, asked):
    new_portfolio(db, "Alpha Fund")
    assert get_portfolio(db, asked).name == "Alpha Fund"


def test_lookup_reads_an_id_in_any_spelling_as_the_id(db):
    view = create_portfolio(db, NewPortfolio("Alpha Fund", D("5"), day("2025-01-01")))
    for spelling in (view.id.hex, "{" + str(view.id) + "}", f"urn:uuid:{view.id}"):
        assert get_portfolio(db, spelling).name == "Alpha Fund"


def test_name_key_is_nfkc_and_case_folded():
    assert portfolio_name_key("Straße  Ｆｕｎｄ") == "strasse fund"
    assert portfolio_name_key("ﬁnance") == portfolio_name_key("FINANCE")


CLEANED_TEXT = [
    ("zero-width and bidi stripped", "net\u200b of \u202efees", "net of fees"),
    ("delete and NUL stripped", "wire\x7f\x00 ref", "wire ref"),
    ("line breaks and tabs become one space", "line one\r\nline two\tend", "line one line two end"),
    ("only invisible", "\u200b\u200d", None),
    ("plain text kept", "Saturday wire <b>x</b>", "Saturday wire <b>x</b>"),
]


@pytest.mark.parametrize(("case", "raw", "kept"), CLEANED_TEXT, ids=[c[0] for c in CLEANED_TEXT])
def test_notes_and_reasons_lose_control_and_format_characters(case, raw, kept):
    assert check_text(raw, "notes") == kept


def test_a_recorded_note_and_void_reason_are_stored_clean(db):
    name = new_portfolio(db, "Fund")
    flow = record_cash_flow(
        db, FlowRequest(name, day("2025-01-02"), "deposit", D("10"), "wire\u200b\nfrom\x7f bank")
    )
    void_cash_flow(db, flow.flow_id, "typo\u202e\tfixed")
    with db.read() as session:
        stored = session.execute(select(CashFlow.notes, CashFlow.void_reason)).one()
    assert tuple(stored) == ("wire from bank", "typo fixed")
    assert [f.notes for f in list_cash_flows(db, name)] == ["wire from bank"]
