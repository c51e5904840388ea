from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KamSolutionSeed(models.Model):
    """A solution the lead expert seeded with the customer's key persons (布局方案),
    as recommended and designed by the solution manager (方案经理的任务是向客户引领
    专家推荐和设计自己负责的方案), and the opportunity it grew into."""

    _name = "kam.solution.seed"
    _inherit = ["kam.coverage.mixin"]
    _description = "Solution Seeded by a Lead Expert"
    _order = "date desc, id desc"

    name = fields.Char(string="Solution", required=True)
    product_id = fields.Many2one(
        "product.product", string="Product", ondelete="set null"
    )
    expert_id = fields.Many2one(
        "kam.lead.expert",
        string="Lead Expert",
        required=True,
        index=True,
        ondelete="restrict",
    )
    solution_manager_id = fields.Many2one(
        "res.users",
        string="Designed By",
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    key_person_ids = fields.Many2many(
        "kam.key.person",
        string="Seeded With",
        domain="[('account_id', '=', account_id)]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Grew Into",
        ondelete="set null",
        help="The opportunity this seed grew into.",
    )
    note = fields.Text()

    @api.constrains("key_person_ids", "lead_id", "expert_id")
    def _check_seed(self):
        for seed in self:
            strangers = seed.key_person_ids.filtered(
                lambda p, s=seed: p.account_id != s.account_id
            )
            if strangers:
                raise ValidationError(
                    _(
                        "%(names)s: seeds are planted with the key persons of "
                        "%(account)s.",
                        names=", ".join(strangers.mapped("name")),
                        account=seed.account_id.display_name,
                    )
                )
            customer = seed.lead_id.partner_id.commercial_partner_id
            if seed.lead_id and customer != seed.account_id.partner_id:
                raise ValidationError(
                    _(
                        "The opportunity %(lead)s is not one of %(account)s.",
                        lead=seed.lead_id.name,
                        account=seed.account_id.display_name,
                    )
                )
            if seed.expert_id.company_id != seed.account_id.company_id:
                raise ValidationError(
                    _(
                        "%(expert)s is an expert of another company than %(account)s.",
                        expert=seed.expert_id.name,
                        account=seed.account_id.display_name,
                    )
                )
