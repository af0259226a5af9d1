"""The Streamlit face of the equity engine: state, cached reads, formatting and components.

Streamlit lives here and in ``app.py``/``pages/`` only; the ``equity`` package never imports it.
"""
