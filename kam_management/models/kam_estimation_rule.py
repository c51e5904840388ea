from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KamEstimationRule(models.Model):
    """A rule of the experience estimation method (经验推算法): the yearly purchasing
    potential of a customer is its size (headcount or revenue) times a typical spend
    ratio of its industry. The first matching rule (by sequence) applies; a rule
    without an industry matches every industry."""

    _name = "kam.estimation.rule"
    _description = "Purchasing Potential Estimation Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    industry_id = fields.Many2one(
        "res.partner.industry", help="Empty: applies to every industry."
    )
    basis = fields.Selection(
        [("headcount", "Headcount"), ("revenue", "Annual Revenue")],
        required=True,
        default="headcount",
    )
    spend_per_employee = fields.Monetary(
        currency_field="currency_id",
        help="Typical yearly spend on our kind of offer per employee.",
    )
    spend_ratio = fields.Float(
        string="Spend Ratio (%)",
        digits=(16, 4),
        help="Typical yearly spend on our kind of offer, in % of annual revenue.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, required=True
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    @api.constrains("basis", "spend_per_employee", "spend_ratio")
    def _check_ratio(self):
        for rule in self:
            if rule.basis == "headcount" and rule.spend_per_employee <= 0:
                raise ValidationError(
                    _(
                        "Rule %(rule)s: the spend per employee must be above zero.",
                        rule=rule.name,
                    )
                )
            if rule.basis == "revenue" and not 0 < rule.spend_ratio <= 100:
                raise ValidationError(
                    _(
                        "Rule %(rule)s: the spend ratio is a percentage of revenue, "
                        "above 0 and at most 100.",
                        rule=rule.name,
                    )
                )

    def _kam_estimate(self, account, convert):
        """Potential of `account` by this rule, in the company currency; None when
        the account lacks the figure the rule needs. `convert(amount, currency)`
        converts into the company currency with rates read once for the batch."""
        self.ensure_one()
        if self.basis == "headcount":
            if not account.headcount:
                return None
            return convert(
                account.headcount * self.spend_per_employee, self.currency_id
            )
        if not account.annual_revenue:
            return None
        revenue = convert(account.annual_revenue, account.revenue_currency_id)
        return revenue * self.spend_ratio / 100
