from odoo import api, models


class ReportKamAccountPlan(models.AbstractModel):
    """The printed account plan: the plans are checked for the user's read access
    before rendering, so a user without it gets a plain AccessError, not a
    rendering error half-way through the template."""

    _name = "report.kam_management.report_kam_account_plan"
    _description = "Account Plan Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["kam.account.plan"].browse(docids)
        plans.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "kam.account.plan",
            "docs": plans,
            "data": data,
        }
