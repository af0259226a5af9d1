"""The read side: what screens and the CLI show, apart from the use cases that change state.

``equity.services`` holds the use cases (each one transaction that writes); this package
holds the read models: a portfolio's history and the all-portfolio overview
(:mod:`.history`), the dashboard's figures (:mod:`.dashboard`) and the performance report
(:mod:`.performance`). They read in one session and return frozen values; how a figure
looks (colours, chart bars) belongs to ``equity_app``.
"""
