"""Data: import a shop system's, ERP's or spreadsheet's export.

Upload, check the guessed column mapping, see what will be imported and what
is rejected and why, then import in one transaction (all or nothing).
Re-importing a file is safe: its rows replace the rows with the same key.
"""

import streamlit as st

from i18n import _
from ui import data_import
from ui.navigation import DATA
from ui.page import setup_page

ctx = setup_page(DATA, needs_data=False)
if not ctx.access.can_import:  # viewers and planners: the templates only, no upload, mapping or import
    st.info(_("Only admins import data. The templates show what a shop system's export needs."),
            icon=":material/lock:")  # fmt: skip
    data_import.templates_step()
    st.stop()
data_import.show_last_import()
data_import.show_audit(ctx.db_url)
data_import.manage_mappings_step(ctx.access)

importing, templates = st.tabs([_("Import a file"), _("Templates")])
with templates:
    data_import.templates_step()
with importing:
    uploaded = data_import.upload_step()
    if uploaded is None:
        st.info(
            _(
                "Upload a CSV or `.xlsx` export. Its columns are matched to the dashboard's fields from their "
                "names (English or Chinese); you can correct the match before anything is written."
            ),
            icon=":material/upload_file:",
        )
        st.stop()
    table, source = uploaded
    mapping, saved_date_format = data_import.mapping_step(table, source)
    plan = data_import.plan_step(table, source, mapping, saved_date_format)
    data_import.show_plan(plan)
    data_import.save_mapping_step(plan.mapping, plan.date_format)
    data_import.import_step(ctx.db_url, plan, who=ctx.access.user)
