"""A grid whose selected row opens a dialog (void a flow, delete a day): which row was meant.

Streamlit reports a selection as positions in the grid as it was drawn, so each run keeps
what every position meant then (a flow's id, a day's date): a click always acts on the
row the person saw, even when a write or a filter has moved the rows since. A selection
already acted on is not news on the next run. A selection is taken off by drawing the
grid under a new key: emptying the old grid's state is not enough, since the browser may
send its old selection again with the next click, and it would read as a new one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class RowSelection:
    """The session keys of one selectable grid, all derived from its ``table`` key."""

    table: str
    #: What the rows drawn last stood for, top to bottom (``ledger_shown_ids``).
    shown: str

    @property
    def seen(self) -> str:
        """The positions already turned into a row: the same selection is not news."""
        return self.table.removesuffix("_table") + "_selection_seen"

    @property
    def clear_flag(self) -> str:
        """Set by :meth:`clear`: the next run draws the grid with no row selected."""
        return self.table.removesuffix("_table") + "_selection_clear"

    @property
    def generation(self) -> str:
        """Bumped to take a selection off: the grid is drawn under a new key."""
        return self.table + "_generation"

    def key(self, generation: int | None = None) -> str:
        """The grid's widget key in ``generation`` (default: the current one)."""
        if generation is None:
            generation = st.session_state.get(self.generation, 0)
        return self.table if not generation else f"{self.table}_{generation}"

    def clear(self) -> None:
        """Draw the grid with no row selected next time (after the write, or a dialog closed)."""
        st.session_state[self.clear_flag] = True

    def picked(self, rows_meaning: Sequence[T]) -> T | None:
        """The row newly selected, by what the rows meant when the person saw them."""
        state = st.session_state
        meaning = list(rows_meaning)
        seen_meaning: list[T] = state.get(self.shown, meaning)
        rows = self._selected_positions()
        picked = None
        if rows != state.get(self.seen, []) and rows and rows[0] < len(seen_meaning):
            picked = seen_meaning[rows[0]]
        state[self.seen] = rows
        asked_to_clear = state.pop(self.clear_flag, False)  # about this run only: taken anyway
        if rows and (asked_to_clear or meaning != seen_meaning):
            state[self.generation] = state.get(self.generation, 0) + 1
            state[self.seen] = []
        state[self.shown] = meaning
        return picked

    def _selected_positions(self) -> list[int]:
        selection = st.session_state.get(self.key())
        try:
            rows = selection["selection"]["rows"]
        except (KeyError, TypeError):
            return []
        return [row for row in rows if isinstance(row, int)]
