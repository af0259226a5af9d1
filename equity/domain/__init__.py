"""Pure business rules over Decimals: no session, no Streamlit."""
