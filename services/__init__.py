"""Streamlit-free use cases shared by the pages and the command-line jobs."""
