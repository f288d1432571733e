"""`python -m planning digest`: send the alerts that are new or changed, by
e-mail and webhook, once each.

    python -m planning digest [--db URL] [--dry-run]

Evaluates the alerts as of the data's last day for each destination's
warehouses, sends each destination what it has not had yet, and remembers it
in the database: a second run sends nothing, and a destination that failed
gets its alerts on the next run. One failing destination never stops the
others. --dry-run prints what would be sent, and sends and records nothing.

Settings: `[alerts]` in .streamlit/secrets.toml or INVENTORY_* variables
(see services.alert_settings and the README's Alerts section). Exit codes: 0
every destination has its alerts; 1 a destination failed (each is reported)
or the database cannot be used; 2 bad settings or usage, the setting named.
Passwords and webhook URLs never appear in the output or the logs.
"""

from __future__ import annotations

import argparse
import contextvars
import json
import logging
import sys
from datetime import UTC, date, datetime
from typing import TextIO

from sqlalchemy.engine import Engine

from analytics.stock_health import StockPolicy
from data_access import alert_log, config
from data_access.engine import DatabaseUnavailableError, connect, transaction
from i18n import LANGUAGES, set_language, supported_language
from planning.delivery import PAYLOADS, DeliveryError, deliver, email_message
from planning.digest_content import DigestContent, digest_content
from planning.jobs import EXIT_DATA, EXIT_OK, EXIT_USAGE, JobFailed, add_db_option, open_database
from services.alert_settings import ENV_VARS, AlertSettings, SettingsError, load_alert_settings
from services.digest import DestinationDigest, digest_day, prepare_digests, remember_delivery, unknown_warehouses
from services.reads import ConnectionReads
from services.replenishment import current_settings
from services.shop import ShopSettingsError, shop

HELP = "send new and changed alerts by e-mail and webhook, once each"
PROG = "python -m planning digest"
log = logging.getLogger("inventory.digest")


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_alert_settings()
    except SettingsError as exc:
        raise JobFailed(str(exc), EXIT_USAGE) from None
    digest_language(settings)  # a language the digest cannot speak is bad usage, before the database
    database = open_database(args.db)
    try:
        return run_digest(database.engine, settings, dry_run=args.dry_run)
    except DatabaseUnavailableError as exc:
        raise JobFailed(str(exc)) from None
    finally:
        database.engine.dispose()


def run_digest(
    engine: Engine,
    settings: AlertSettings,
    *,
    dry_run: bool = False,
    as_of: date | None = None,
    out: TextIO | None = None,
) -> int:
    """Evaluate, deliver and remember; `as_of` defaults to the data's last day.
    Runs in a copy of the caller's context, so the digest's language stays its own."""
    return contextvars.copy_context().run(_run_digest, engine, settings, dry_run, as_of, out or sys.stdout)


def digest_language(settings: AlertSettings) -> str:
    """One of i18n.LANGUAGES for the setting's tag ("zh", "zh-CN", "en_GB")."""
    language = supported_language(settings.language)
    if language is None:
        raise JobFailed(
            f"{ENV_VARS['language']} (or `language` under [alerts]) is {settings.language!r}; the digest speaks "
            f"{', '.join(LANGUAGES)}.",
            EXIT_USAGE,
        )
    return language


def _run_digest(engine: Engine, settings: AlertSettings, dry_run: bool, as_of: date | None, out: TextIO) -> int:
    set_language(digest_language(settings))
    with connect(engine) as conn:
        try:
            currency = shop(ConnectionReads(conn)).currency
        except ShopSettingsError as exc:
            raise JobFailed(str(exc), EXIT_USAGE) from None
        as_of = as_of or digest_day(conn)
        if as_of is None:
            raise JobFailed("the database has no sales or stock yet: there is nothing to alert on")
        if unknown := unknown_warehouses(conn, settings.destinations):
            raise JobFailed(
                f"[[alerts.recipients]] in {config.SECRETS_FILE} names warehouses the data does not have: "
                f"{', '.join(unknown)}. Use the warehouse codes the dashboard shows.",
                EXIT_USAGE,
            )
        policy = StockPolicy(replenishment=current_settings(ConnectionReads(conn)))  # the latest plan's
        digests = prepare_digests(conn, settings.destinations, as_of, policy, settings.thresholds)
    contents = [digest_content(digest, settings.dashboard_url, currency) for digest in digests]
    if dry_run:
        for digest, content in zip(digests, contents):
            _print_preview(digest, content, settings, out)
        return EXIT_OK
    return _deliver_all(engine, settings, as_of, digests, contents, out)


def _deliver_all(
    engine: Engine,
    settings: AlertSettings,
    as_of: date,
    digests: list[DestinationDigest],
    contents: list[DigestContent],
    out: TextIO,
) -> int:
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC, as every time in the schema
    with transaction(engine) as conn:
        run_id = alert_log.start_run(conn, now, as_of)
    failures = 0
    for digest, content in zip(digests, contents):
        name = digest.destination.id
        error = None
        if digest.alert_count:
            try:
                deliver(digest.destination, content, settings)
            except DeliveryError as exc:
                error = str(exc)
        with transaction(engine) as conn:
            remember_delivery(conn, run_id, digest, error, now)
        if error:
            failures += 1
            log.warning("digest to %s failed: %s", name, error)
            print(f"{PROG}: error: {name}: {error}; its alerts are sent on the next run", file=sys.stderr)
        elif digest.alert_count:
            log.info("digest to %s: sent %d alerts", name, digest.alert_count)
            print(f"{name}: sent {digest.alert_count} alerts", file=out)
        else:
            log.info("digest to %s: nothing new", name)
            print(f"{name}: nothing new", file=out)
    return EXIT_DATA if failures else EXIT_OK


def _print_preview(digest: DestinationDigest, content: DigestContent, settings: AlertSettings, out: TextIO) -> None:
    """What the destination would receive: the e-mail's headers and text, or the JSON body."""
    name = digest.destination.id
    if not digest.alert_count:
        print(f"== {name}: nothing new", file=out)
        return
    print(f"== {name}: would send {digest.alert_count} alerts", file=out)
    if digest.destination.is_email:
        message = email_message(settings.smtp, digest.destination.address, content)
        for header in ("From", "To", "Subject"):
            print(f"{header}: {message[header]}", file=out)
        print(file=out)
        print(message.get_body(("plain",)).get_content(), file=out)
    else:
        print(json.dumps(PAYLOADS[digest.destination.channel](content), ensure_ascii=False, indent=2), file=out)
