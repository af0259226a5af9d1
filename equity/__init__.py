"""The equity engine: portfolios, daily snapshots, a cash-flow ledger and flow-neutral returns.

Importable without Streamlit; the Streamlit pages and ``python -m equity`` are faces over
:mod:`equity.services`.
"""
