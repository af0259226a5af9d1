"""A Confirm button that writes once, and cannot be pressed again while its write is in flight.

A confirmation moves through session state: *pending* (previewed, awaiting Confirm), then
*writing* (Confirm pressed), then *done* or *error*. Confirm's callback only moves pending
to writing. The write itself runs in the script body, after the panel has been drawn again
with Confirm disabled, so the browser shows a disabled button for as long as the database
takes (a lock held by another writer, a slow server).

Streamlit stops a script for a newer rerun (another click, another widget touched) only at
a Streamlit call. The outcome is stored before any such call, so a rerun asked for in the
meantime cannot lose it, and the next run finds nothing pending to write twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from equity.errors import EquityError
from equity_app import data
from equity_app.messages import in_words


@dataclass(frozen=True)
class Confirmation:
    """The session-state keys of one kind of confirmation (a cash flow, a void)."""

    pending: str
    writing: str
    error: str
    done: str

    def begin(self) -> None:
        """Confirm's on_click: the pending request is now in flight (a 2nd click finds none)."""
        state = st.session_state
        pending = state.pop(self.pending, None)
        if pending is not None and self.writing not in state:
            state[self.writing] = pending

    def clear(self) -> None:
        """Start afresh: a new preview replaces whatever was shown before."""
        for key in (self.pending, self.error, self.done):
            st.session_state.pop(key, None)

    def pending_request(self) -> Any | None:
        return st.session_state.get(self.pending)

    def in_flight(self) -> Any | None:
        return st.session_state.get(self.writing)

    def locked(self) -> bool:
        """While a preview or a write is open, its form is read-only: what shows is written."""
        return self.pending in st.session_state or self.writing in st.session_state

    @staticmethod
    def keep_values(*keys: str) -> None:
        """In the preview's callback: keep the submitted values of fields about to be locked.

        Streamlit discards a value arriving for a widget that is disabled in the same run
        (a forged-input guard) and falls back to the previous one; assigning the values
        through session state makes the locked form show exactly what was previewed.
        """
        state = st.session_state
        for key in keys:
            state[key] = state[key]

    def finish(self, write: Callable[[Any], str]) -> None:
        """Run the write in flight, keep its message (done or error), then draw it afresh."""
        state = st.session_state
        request = state.get(self.writing)
        if request is None:
            return
        try:
            state[self.done] = write(request)
        except EquityError as error:
            state[self.error] = in_words(error)
        finally:
            state.pop(self.writing, None)
            data.invalidate()
        st.rerun()
