"""FX rates: the template to start from; the rates themselves are imported with the CLI.

The firm view converts each portfolio into the base currency with these rates. There is
no upload form for them in the app yet, so the page says how they are imported.
"""

from __future__ import annotations

import streamlit as st

from equity_app.components import import_templates


def show() -> None:
    st.subheader("FX rates")
    st.caption(
        "Daily rates for the firm view's base currency: columns `date`, `currency`, `rate` "
        "(1 unit of the currency = rate base units). Import the file with the command line: "
        "`python -m equity fx import FILE.csv`."
    )
    import_templates.download_button("fx")
