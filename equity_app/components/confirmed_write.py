"""A Confirm button that writes once, and cannot be pressed again while its write is in flight.

A confirmation moves through session state: *pending* (previewed, awaiting Confirm), then
*in flight* (Confirm pressed), then *done* or *error*. Confirm's callback only moves the
pending request into a :class:`Flight`. The write itself runs in the script body, after
the panel has been drawn again with Confirm disabled, so the browser shows a disabled
button for as long as the database takes (a lock held by another writer, a slow server).

Two facts of Streamlit shape the rest. A rerun asked for while a script is busy (another
click, another widget touched) can start a second run of the same session while the first
is still blocked in the database; and every ``st.session_state`` access is a point where a
run may be stopped. So the write is claimed once through the Flight's own lock (never two
writes), its outcome is kept on the Flight object itself rather than in session state (a
run stopped right after the write cannot lose it), and whichever run comes next moves the
outcome onto the page (:meth:`Confirmation.settle`, safe to repeat).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from equity.errors import EquityError
from equity_app import data
from equity_app.literal import md
from equity_app.messages import in_words

#: How long a run waits for another run's write before drawing the page again.
WAIT_SECONDS = 1.0
INTERRUPTED = (
    "The write was interrupted before the database answered; the ledger shows whether it "
    "landed. Recording the same request again never writes it twice."
)


@dataclass
class Flight:
    """One confirmed request on its way to the database, and what came back."""

    request: Any
    outcome: str | None = None
    error: str | None = None
    landed: threading.Event = field(default_factory=threading.Event)
    _claim: threading.Lock = field(default_factory=threading.Lock)
    _claimed: bool = False

    def claim(self) -> bool:
        """True for exactly one caller: the run that performs the write."""
        with self._claim:
            if self._claimed:
                return False
            self._claimed = True
            return True


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
            state[self.writing] = Flight(pending)

    def clear(self) -> None:
        """Start afresh: a new preview replaces whatever was shown before."""
        for key in (self.pending, self.error, self.done):
            st.session_state.pop(key, None)

    def dismiss(self, *also: str) -> bool:
        """A dialog was closed (X, Esc, Cancel): drop its request and ``also``; True if dropped.

        Not while its write is in flight: the write goes on, and the dialog shows again with
        its outcome.
        """
        if self.in_flight() is not None:
            return False
        for key in (*also, self.pending, self.error):
            st.session_state.pop(key, None)
        return True

    def pending_request(self) -> Any | None:
        return st.session_state.get(self.pending)

    def in_flight(self) -> Any | None:
        """The request being written, if any (its panel is drawn with Confirm disabled)."""
        flight: Flight | None = st.session_state.get(self.writing)
        return flight.request if flight is not None else None

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

    def outcome(
        self,
        panel: Callable[[Any, bool], None],
        write: Callable[[Any], str],
        on_success: Callable[[str], None],
    ) -> bool:
        """The error, the confirmation panel (and, in flight, the write) or the result.

        ``panel(request, in_flight)`` draws what is to be confirmed. True when anything
        was shown, so a page can put its own hint in the empty space otherwise.
        """
        state = st.session_state
        error = state.get(self.error)
        if error:
            st.error(md(error), icon=":material/error:")
        if (writing := self.in_flight()) is not None:
            panel(writing, True)
            self.finish(write, on_success)
            return True
        if (pending := self.pending_request()) is not None:
            panel(pending, False)
            return True
        if done := state.get(self.done):
            st.success(md(done), icon=":material/check_circle:")
            return True
        return bool(error)

    def buttons(self, key: str, label: str, busy: str, in_flight: bool) -> None:
        """Confirm (disabled and saying ``busy`` while in flight) beside Edit (drops it)."""
        confirm, edit = st.columns(2)
        confirm.button(
            busy if in_flight else label,
            type="primary",
            key=f"{key}_confirm",
            on_click=self.begin,
            disabled=in_flight,
        )
        edit.button("Edit", key=f"{key}_cancel", on_click=self.clear, disabled=in_flight)

    def finish(self, write: Callable[[Any], str], on_success: Callable[[str], None]) -> None:
        """Write what is in flight (or wait for the run already writing it), then redraw.

        ``write`` must not touch session state: its outcome is kept on the Flight.
        """
        flight: Flight | None = st.session_state.get(self.writing)
        if flight is None:
            return
        if flight.claim():
            try:
                flight.outcome = write(flight.request)
            except EquityError as error:
                flight.error = in_words(error)
            except BaseException:
                flight.error = INTERRUPTED
                raise
            finally:
                flight.landed.set()
        elif not flight.landed.wait(WAIT_SECONDS):
            st.rerun()  # still writing elsewhere: draw the disabled panel again, then look
        self.settle(on_success)
        st.rerun()

    def settle(self, on_success: Callable[[str], None]) -> None:
        """Move a landed write's outcome onto the page; repeating it is harmless."""
        state = st.session_state
        flight: Flight | None = state.get(self.writing)
        if flight is None or not flight.landed.is_set():
            return
        data.invalidate()
        if flight.error is not None:
            state[self.error] = flight.error
        elif flight.outcome is not None:
            state[self.done] = flight.outcome
            on_success(flight.outcome)
        state.pop(self.writing, None)  # last: a run stopped before this settles it again
