"""Sign-in and the signed-in user's rights, for page setup.

With an `[auth]` section in the secrets Streamlit signs users in through
OpenID Connect (`st.login`); their ID-token claims (`st.user`) map to a role
and warehouses through `[access]` (services.access). Without `[auth]` the
dashboard is a local single-user tool: its one user is an admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from i18n import N_, _
from services.access import LOCAL_ACCESS, Access, AccessError, Role, settings_from

ROLE_LABELS = {Role.VIEWER: N_("viewer"), Role.PLANNER: N_("planner"), Role.ADMIN: N_("admin")}


def _secret_section(name: str) -> Mapping | None:
    try:
        return st.secrets.get(name)
    except (StreamlitSecretNotFoundError, FileNotFoundError):  # no secrets file at all
        return None


def sign_in_configured() -> bool:
    return _secret_section("auth") is not None


def current_access() -> Access:
    """The user's rights; signs them in first when sign-in is configured, and
    ends the run for a visitor who is not signed in or has no access."""
    if not sign_in_configured():
        return LOCAL_ACCESS
    if not st.user.is_logged_in:
        st.info(_("Sign in to see the dashboard."), icon=":material/lock:")
        st.button(_("Sign in"), key="sign_in", type="primary", on_click=st.login, icon=":material/login:")
        st.stop()
    try:
        access = settings_from(_secret_section("access") or {}).access_for(st.user.to_dict())
    except AccessError as exc:
        _stop_without_access(_("The access settings cannot be used: {problem}").format(problem=exc))
    if access is None:
        _stop_without_access(
            _("{email} has no access to this dashboard. Ask an admin to add you to [access] in secrets.toml.").format(
                email=st.user.get("email") or _("This account")
            )
        )
    _sidebar_user(access)
    return access


def _stop_without_access(message: str) -> NoReturn:
    st.warning(message, icon=":material/block:")
    st.button(_("Sign out"), key="sign_out", on_click=st.logout, icon=":material/logout:")
    st.stop()


def _sidebar_user(access: Access) -> None:
    with st.sidebar:
        scope = _("all warehouses") if access.warehouses is None else ", ".join(access.warehouses)
        st.caption(
            _("Signed in as {user} · {role} · {scope}").format(
                user=access.user, role=_(ROLE_LABELS[access.role]), scope=scope
            )
        )
        st.button(_("Sign out"), key="sign_out", on_click=st.logout, icon=":material/logout:")
