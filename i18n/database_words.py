"""The database's problems in the current language, for the error panel
every page shows when it cannot use its database. `data_access` writes them
in English (the commands print them); URLs, paths, revisions and the
driver's own first line are data and stay as they are."""

from __future__ import annotations

from i18n import N_, _
from i18n.message_shapes import MessageShapes, Shape

_SCHEMA_STATES = {
    "was made before schema migrations": N_("was made before schema migrations"),
    "has no tables yet": N_("has no tables yet"),
}


def _schema_state(words: str) -> str:
    if words in _SCHEMA_STATES:
        return _(_SCHEMA_STATES[words])
    if words.startswith("is at schema revision "):
        return _("is at schema revision {revision}").format(revision=words.removeprefix("is at schema revision "))
    return words


_MESSAGES: tuple[Shape, ...] = (
    (r"'(?P<url>.*)' is not a database URL\. Use a SQLAlchemy URL such as (?P<examples>.+)\.",
     N_("“{url}” is not a database URL. Use a SQLAlchemy URL such as {examples}."), {}),
    (r"(?P<path>.+) is not valid TOML \((?P<problem>.*)\)\. Fix the file or set (?P<variable>\w+)\.",
     N_("{path} is not valid TOML ({problem}). Fix the file or set {variable}."), {}),
    (r"The database (?P<database>\S+) is being written by another process \(an import or a sample-data run\)\. "
     r"Wait for it to finish, or stop it, then try again\.",
     N_("The database {database} is being written by another process (an import or a sample-data run). Wait "
        "for it to finish, or stop it, then try again."), {}),
    (r"Cannot open the database (?P<database>\S+): (?P<problem>.*)\. Check that the server is running and the URL "
     r"in INVENTORY_DB_URL \(or \.streamlit/secrets\.toml\) is right\.",
     N_("Cannot open the database {database}: {problem}. Check that the server is running and the URL in "
        "INVENTORY_DB_URL (or .streamlit/secrets.toml) is right."), {}),
    (r"The database (?P<database>\S+) (?P<state>.+); this version needs revision (?P<head>\S+)\. Run `(?P<command>.+)` "
     r"\(with --db URL, or the same INVENTORY_DB_URL\) once, as a deploy step, then try again\.",
     N_("The database {database} {state}; this version needs revision {head}. Run `{command}` (with --db URL, "
        "or the same INVENTORY_DB_URL) once, as a deploy step, then try again."), {"state": _schema_state}),
    (r"(?P<setting>\w+=.*) is not a memory size\. Use a size such as 1GB, 512MB or 2GiB, or a share of the "
     r"machine's memory such as 50%\.",
     N_("{setting} is not a memory size. Use a size such as 1GB, 512MB or 2GiB, or a share of the machine's memory "
        "such as 50%."), {}),
    (r"(?P<setting>\w+=.*) is not a number of threads\. Use 1 or more\.",
     N_("{setting} is not a number of threads. Use 1 or more."), {}),
)

database_message = MessageShapes(_MESSAGES)
"""A database problem in the current language; unknown shapes as they are."""
