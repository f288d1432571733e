"""Order quantities as suppliers take them: whole packs, at least the minimum order."""

from __future__ import annotations

import numpy as np

NO_ROUNDING = "none"
ROUNDED_TO_PACK = "pack"
RAISED_TO_MINIMUM = "minimum-order"
ROUNDINGS: tuple[str, ...] = (NO_ROUNDING, ROUNDED_TO_PACK, RAISED_TO_MINIMUM)


def whole(values, default: int = 1) -> np.ndarray:
    """Pack sizes and minimum orders as whole numbers of at least 1 (`default` when unknown)."""
    values = np.asarray(values, dtype="float64")
    return np.where(np.isfinite(values) & (values >= 1), np.floor(values), default).astype(np.int64)


def order_quantity(needed, pack_size, min_order_qty) -> np.ndarray:
    """0 where nothing is needed; else `needed` rounded up to whole packs, and
    at least the minimum order (itself rounded up to whole packs)."""
    needed = np.asarray(needed, dtype="float64")
    pack, minimum = whole(pack_size), whole(min_order_qty)
    units = np.maximum(np.ceil(needed - 1e-9), minimum)
    packs = np.ceil(units / pack)
    return np.where(needed > 1e-9, packs * pack, 0).astype(np.int64)


def rounding(needed, quantity, pack_size, min_order_qty) -> np.ndarray:
    """Why a quantity differs from the units needed (an id of ROUNDINGS): the
    minimum order raised it, or whole packs (whole units) rounded it up."""
    needed = np.asarray(needed, dtype="float64")
    quantity = np.asarray(quantity)
    raised = whole(min_order_qty) > np.ceil(needed - 1e-9)
    rounded = (quantity > 0) & (quantity > needed + 1e-9)
    return np.where(rounded, np.where(raised, RAISED_TO_MINIMUM, ROUNDED_TO_PACK), NO_ROUNDING)
