"""Captions that several pages put under their charts."""

from __future__ import annotations

from data_access.filters import Filters
from data_access.periods import Grain
from i18n import _
from i18n.labels import grain_label
from services.grains import has_partial_buckets


def partial_periods_note(f: Filters, grain: Grain) -> str:
    """Say so when the first or last bucket covers only part of its week or
    month, so a short last bar does not read as a collapse."""
    if not has_partial_buckets(f, grain):
        return ""
    return " " + _("The first or last {grain} covers only part of the {grain}.").format(
        grain=grain_label(grain).lower()
    )


def heatmap_columns_note(grain: Grain) -> str:
    """What a heatmap column stands for: a day is itself; a week or a month is labelled by its first day."""
    if grain == "day":
        return _("Each column is one day.")
    return _("Each column is a {grain}, labelled with its first day.").format(grain=grain_label(grain).lower())
