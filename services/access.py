"""Who may do what: roles and warehouse scope, from the `[access]` section of
`.streamlit/secrets.toml`.

Roles are ordered: a viewer reads and downloads, a planner also edits plans,
an admin also imports, replaces and manages saved column mappings. A user
maps to a role and to the warehouses they may see by e-mail (one rule wins
over every group rule) or by the groups of a claim in the ID token (the
highest role of the matching rules, the union of their warehouses). A user
no rule matches gets `default_role` (none, unless set: such users see
nothing). Without sign-in configured there is one local user, an admin who
sees every warehouse.

No Streamlit here: the pages pass the ID token's claims in.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from data_access.config import SECRETS_FILE


class Role(IntEnum):
    VIEWER = 1
    PLANNER = 2
    ADMIN = 3


ROLE_NAMES = {"viewer": Role.VIEWER, "planner": Role.PLANNER, "admin": Role.ADMIN}
LOCAL_USER = "local"


class AccessError(Exception):
    """The `[access]` section cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Access:
    """One user's rights. `warehouses` None: every warehouse."""

    user: str
    role: Role
    warehouses: tuple[str, ...] | None = None

    @property
    def can_edit_plans(self) -> bool:
        return self.role >= Role.PLANNER

    @property
    def can_import(self) -> bool:
        return self.role >= Role.ADMIN

    @property
    def is_scoped(self) -> bool:
        return self.warehouses is not None


LOCAL_ACCESS = Access(LOCAL_USER, Role.ADMIN)


@dataclass(frozen=True)
class Rule:
    role: Role
    warehouses: tuple[str, ...] | None  # None: every warehouse


@dataclass(frozen=True)
class AccessSettings:
    group_claim: str = "groups"
    default: Rule | None = None
    by_email: Mapping[str, Rule] | None = None
    by_group: Mapping[str, Rule] | None = None

    def access_for(self, claims: Mapping[str, object]) -> Access | None:
        """The rights of the user with these ID-token claims; None: no access."""
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            return None
        if rule := (self.by_email or {}).get(email):
            return Access(email, rule.role, rule.warehouses)
        groups = claims.get(self.group_claim) or ()
        groups = [groups] if isinstance(groups, str) else list(groups) if isinstance(groups, (list, tuple)) else []
        matched = [rule for group in groups if (rule := (self.by_group or {}).get(str(group)))]
        if not matched:
            return None if self.default is None else Access(email, self.default.role, self.default.warehouses)
        role = max(rule.role for rule in matched)
        if any(rule.warehouses is None for rule in matched):
            return Access(email, role, None)
        return Access(email, role, tuple(sorted({code for rule in matched for code in rule.warehouses or ()})))


def read_settings(secrets_file: Path = SECRETS_FILE) -> AccessSettings:
    """The `[access]` section of the secrets file; an absent one grants nobody anything."""
    if not secrets_file.is_file():
        return AccessSettings()
    try:
        secrets = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AccessError(f"{secrets_file} is not valid TOML ({exc}).") from exc
    return settings_from(secrets.get("access", {}))


def settings_from(section: Mapping[str, object]) -> AccessSettings:
    """Parse `[access]`: `group_claim`, `default_role`, `default_warehouses`,
    `[access.users."e-mail"]` and `[access.groups."name"]` with `role` and `warehouses`."""
    unknown = sorted(set(section) - {"group_claim", "default_role", "default_warehouses", "users", "groups"})
    if unknown:
        raise AccessError(
            f"[access] has unknown keys {', '.join(unknown)}; "
            "use group_claim, default_role, default_warehouses, users and groups."
        )
    default = None
    if "default_role" in section:
        default = _rule({"role": section["default_role"], "warehouses": section.get("default_warehouses")}, "[access]")
    return AccessSettings(
        group_claim=str(section.get("group_claim", "groups")),
        default=default,
        by_email={str(k).strip().lower(): _rule(v, f'[access.users."{k}"]') for k, v in _tables(section, "users")},
        by_group={str(k): _rule(v, f'[access.groups."{k}"]') for k, v in _tables(section, "groups")},
    )


def _tables(section: Mapping[str, object], name: str) -> list[tuple[str, Mapping]]:
    tables = section.get(name, {})
    if not isinstance(tables, Mapping) or not all(isinstance(v, Mapping) for v in tables.values()):
        raise AccessError(f'[access.{name}] must hold tables such as [access.{name}."name"] with role and warehouses.')
    return list(tables.items())


def _rule(table: Mapping[str, object], where: str) -> Rule:
    role = ROLE_NAMES.get(str(table.get("role", "")).lower())
    if role is None:
        raise AccessError(f"{where}: role must be one of {', '.join(ROLE_NAMES)}, not {table.get('role')!r}.")
    warehouses = table.get("warehouses")
    if warehouses is None or warehouses == "*":
        return Rule(role, None)
    if not isinstance(warehouses, list) or not warehouses or not all(isinstance(w, str) and w for w in warehouses):
        raise AccessError(f'{where}: warehouses must be a non-empty list of warehouse codes, or "*" for all.')
    return Rule(role, tuple(sorted(set(warehouses))))
