"""Transfers before purchases: stock that one warehouse holds beyond its
order-up-to level serves another warehouse of the same product that is at or
below its reorder point, before anything is bought.

Per product, the receivers (most short first) and the sources (most surplus
first) are laid end to end as intervals of units, and each receiver takes
the overlap of its interval with each source's: every unit of surplus goes to
at most one receiver, no receiver gets more than it needs, and the whole thing
is one merge, not a loop over products.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TRANSFER_RULE = "transfer"


def transfers(product: np.ndarray, need: np.ndarray, surplus: np.ndarray, urgency: np.ndarray) -> pd.DataFrame:
    """Transfers between positions (row numbers of the arrays): columns
    `to`, `from` and `quantity` (whole units). `need` > 0 marks receivers,
    `surplus` > 0 sources (whole units, never both); receivers with a
    higher `urgency` are served first."""
    need = np.floor(np.maximum(np.asarray(need, dtype="float64"), 0.0) + 1e-9)
    surplus = np.floor(np.maximum(np.asarray(surplus, dtype="float64"), 0.0) + 1e-9)
    rows = np.arange(len(product))
    receivers = pd.DataFrame({"product": product, "to": rows, "amount": need, "rank": -np.asarray(urgency, float)})
    sources = pd.DataFrame({"product": product, "from": rows, "amount": surplus, "rank": -surplus})
    receivers, sources = (_laid_end_to_end(frame) for frame in (receivers, sources))
    sources = sources[sources["product"].isin(receivers["product"])]
    pairs = receivers.merge(sources, on="product", suffixes=("_to", "_from"))
    quantity = (
        np.minimum(pairs["end_to"], pairs["end_from"]) - np.maximum(pairs["start_to"], pairs["start_from"])
    ).clip(lower=0)
    result = pairs.assign(quantity=quantity.astype("int64"))[["to", "from", "quantity"]]
    return result[result["quantity"] > 0].sort_values(["to", "from"]).reset_index(drop=True)


def _laid_end_to_end(frame: pd.DataFrame) -> pd.DataFrame:
    """Positions with an amount as consecutive [start, end) intervals per product, in rank order."""
    frame = frame[frame["amount"] > 0].sort_values(["product", "rank", frame.columns[1]], kind="stable")
    end = frame.groupby("product")["amount"].cumsum()
    return frame.assign(start=end - frame["amount"], end=end).drop(columns=["amount", "rank"])
