from odoo import fields, models


class KamHealthHistory(models.Model):
    """The health of a key account on one day, kept to show it over time. Written
    by the health engine only (one row per account and day)."""

    _name = "kam.health.history"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key Account Health History"
    _order = "date desc, id desc"

    date = fields.Date(required=True, index=True)
    score = fields.Integer(string="Health", aggregator="avg")
    color = fields.Selection(
        [("green", "Healthy"), ("amber", "At Risk"), ("red", "Critical")],
        string="Health Status",
    )

    _sql_constraints = [
        (
            "one_per_day",
            "UNIQUE(account_id, date)",
            "The health of an account is kept once per day.",
        ),
    ]
