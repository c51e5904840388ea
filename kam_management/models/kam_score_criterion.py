from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.float_utils import float_compare

MAX_SCORE = 10


class KamScoreCriterion(models.Model):
    """A criterion of the comprehensive scoring method (综合积分法): each account gets a
    score from 0 to 10 on it, weighted into a total on 0-100."""

    _name = "kam.score.criterion"
    _description = "Key-Account Scoring Criterion"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    weight = fields.Float(
        string="Weight (%)",
        required=True,
        help="Share of this criterion in the total; the weights of the active "
        "criteria add up to 100.",
    )
    description = fields.Text(
        translate=True,
        help="What each level means, for example 0: no budget … 10: budget approved.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "weight_range",
            "CHECK(weight > 0 AND weight <= 100)",
            "A criterion's weight is above 0 and at most 100 (%).",
        ),
    ]

    @api.model
    def _kam_weight_total(self):
        return sum(
            self.search([("company_id", "in", [self.env.company.id, False])]).mapped(
                "weight"
            )
        )

    @api.model
    def _kam_check_weights(self):
        """Weights are checked when they are used: while a manager edits them one at a
        time, the sum cannot stay at 100."""
        total = self._kam_weight_total()
        if float_compare(total, 100.0, precision_digits=2):
            raise UserError(
                _(
                    "The weights of the scoring criteria add up to %(total)s%%, not "
                    "100%%: adjust them in Key Accounts > Configuration > Scoring "
                    "Criteria before scoring customers.",
                    total=round(total, 2),
                )
            )


class KamAccountScore(models.Model):
    """The score of one account on one criterion."""

    _name = "kam.account.score"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key-Account Criterion Score"
    _order = "account_id, criterion_sequence, id"
    _check_company_auto = True
    _kam_bounds = {"score": (0, MAX_SCORE)}

    criterion_id = fields.Many2one(
        "kam.score.criterion",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    criterion_sequence = fields.Integer(related="criterion_id.sequence", store=True)
    weight = fields.Float(related="criterion_id.weight")
    description = fields.Text(related="criterion_id.description")
    score = fields.Integer(help="0 (not at all) to 10 (fully).")
    note = fields.Char()

    _sql_constraints = [
        (
            "criterion_once",
            "UNIQUE(account_id, criterion_id)",
            "This account already has a score on this criterion.",
        ),
    ]

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= MAX_SCORE:
                raise ValidationError(
                    _(
                        "A score is from 0 to %(max)s; %(score)s is outside the scale "
                        "(%(criterion)s).",
                        max=MAX_SCORE,
                        score=line.score,
                        criterion=line.criterion_id.name,
                    )
                )
