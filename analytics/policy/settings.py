"""The replenishment policy's settings, in one hashable object.

A plan run stores the settings it used (`to_params`), and Stock health, the
Overview and the alerts read the latest plan's settings, so every screen
judges positions by the same service levels, classes and review period.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Review days are ids, Monday first (as `date.weekday()` counts)."""


@dataclass(frozen=True)
class PolicySettings:
    service_levels: tuple[float, float, float] = (0.98, 0.95, 0.90)
    """Cycle service level of ABC classes A, B and C: the chance of not running out before an order arrives."""
    abc_thresholds: tuple[float, float] = (0.80, 0.95)
    """Cumulative revenue shares where class A and class B end."""
    abc_window_days: int = 365
    review_weekday: str = "monday"
    review_days: int = 7
    """Days between two reviews: an order placed now must last until the next one arrives."""
    transfer_lead_days: int = 2
    min_receipts: int = 5
    """Receipts of a supplier x product needed to trust its own lead-time figures."""
    lead_time_history_days: int = 365
    default_lead_time_days: int = 14
    """When neither purchase orders nor the product give a lead time."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "service_levels", tuple(float(level) for level in self.service_levels))
        object.__setattr__(self, "abc_thresholds", tuple(float(share) for share in self.abc_thresholds))
        if len(self.service_levels) != 3 or not all(0.5 <= level < 1 for level in self.service_levels):
            raise ValueError(f"service_levels must be three levels from 0.5 to below 1, got {self.service_levels}.")
        a, b = self.abc_thresholds if len(self.abc_thresholds) == 2 else (0.0, 0.0)
        if not 0 < a < b <= 1:
            raise ValueError(f"abc_thresholds must be two shares with 0 < A < B <= 1, got {self.abc_thresholds}.")
        if self.review_weekday not in WEEKDAYS:
            raise ValueError(f"review_weekday must be one of {', '.join(WEEKDAYS)}, got {self.review_weekday!r}.")
        for name in (
            "abc_window_days",
            "review_days",
            "min_receipts",
            "lead_time_history_days",
            "default_lead_time_days",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}.")
        if self.transfer_lead_days < 0:
            raise ValueError(f"transfer_lead_days must not be negative, got {self.transfer_lead_days}.")

    @property
    def review_weekday_number(self) -> int:
        return WEEKDAYS.index(self.review_weekday)

    def to_params(self) -> dict:
        """Plain JSON values (tuples as lists), for a plan run's params."""
        return {name: list(value) if isinstance(value, tuple) else value for name, value in asdict(self).items()}

    @classmethod
    def from_params(cls, params: dict) -> PolicySettings:
        """The settings a plan stored; unknown keys (from a newer version) are ignored."""
        known = {field.name for field in fields(cls)}
        return cls(**{name: tuple(value) if isinstance(value, list) else value
                      for name, value in params.items() if name in known})  # fmt: skip
