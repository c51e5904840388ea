from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .kam_key_person import KAM_MEASURES

# A measure not known yet counts as the lowest level when the gap is measured.
UNKNOWN_LEVEL = 1


class KamPlanRelationTarget(models.Model):
    """Part 3 of the account plan (人脉资源现状和目标): for one key person, today's
    closeness, solution and price acceptance, live from the portrait, against the
    levels the plan aims at, with who owns the relationship and the gap left."""

    _name = "kam.plan.relation.target"
    _inherit = ["kam.plan.line.mixin"]
    _description = "Relationship Target of an Account Plan"
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    key_person_id = fields.Many2one(
        "kam.key.person",
        string="Key Person",
        required=True,
        ondelete="cascade",
        domain="[('account_id', '=', account_id)]",
    )
    decision_role = fields.Selection(related="key_person_id.decision_role")
    closeness = fields.Selection(related="key_person_id.closeness", string="Closeness")
    solution_acceptance = fields.Selection(
        related="key_person_id.solution_acceptance", string="Solution"
    )
    price_acceptance = fields.Selection(
        related="key_person_id.price_acceptance", string="Price"
    )
    target_closeness = fields.Selection(
        KAM_MEASURES["closeness"], string="Target Closeness"
    )
    target_solution_acceptance = fields.Selection(
        KAM_MEASURES["solution_acceptance"], string="Target Solution"
    )
    target_price_acceptance = fields.Selection(
        KAM_MEASURES["price_acceptance"], string="Target Price"
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        domain="[('share', '=', False)]",
        help="Who in our company works on this relationship.",
    )
    gap = fields.Integer(
        compute="_compute_gap",
        help="Levels still missing to reach the targets, summed over the three "
        "measures (a measure not known yet counts as 1).",
    )
    reached = fields.Boolean(compute="_compute_gap")
    note = fields.Char()

    _sql_constraints = [
        (
            "person_unique",
            "UNIQUE(plan_id, key_person_id)",
            "This key person already has a target in this plan.",
        ),
    ]

    @api.depends(
        "closeness",
        "solution_acceptance",
        "price_acceptance",
        "target_closeness",
        "target_solution_acceptance",
        "target_price_acceptance",
    )
    def _compute_gap(self):
        for line in self:
            gap, targets = 0, 0
            for measure in KAM_MEASURES:
                target = line[f"target_{measure}"]
                if not target:
                    continue
                targets += 1
                current = int(line[measure] or UNKNOWN_LEVEL)
                gap += max(int(target) - current, 0)
            line.gap = gap
            line.reached = bool(targets) and not gap

    @api.constrains("key_person_id", "plan_id")
    def _check_key_person(self):
        for line in self:
            if line.key_person_id.account_id != line.plan_id.account_id:
                raise ValidationError(
                    _(
                        "%(person)s is not a key person of %(account)s.",
                        person=line.key_person_id.name,
                        account=line.plan_id.account_id.display_name,
                    )
                )
