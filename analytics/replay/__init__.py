"""Replays of purchasing policies against known demand (`engine`), the
policies compared (`policies`) and what a replay is scored on (`scores`)."""
