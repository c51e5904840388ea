from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def kam_is_a_reason(text):
    """A few words at least: three words, or four Chinese/Japanese/Korean
    characters (those scripts put no spaces between words)."""
    text = (text or "").strip()
    ideographs = sum(1 for char in text if "\u2e80" <= char <= "\u9fff")
    return len(text.split()) >= 3 or ideographs >= 4


class KamGateOverride(models.Model):
    """A Key Accounts manager let a big deal into a stage whose gates it did not
    meet. The trail is kept: who, when, why, and what was missing then. Nobody
    changes or deletes it (security/ir.model.access.csv)."""

    _name = "kam.gate.override"
    _inherit = ["kam.coverage.mixin"]
    _description = "Stage Gate Override"
    _order = "date desc, id desc"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    stage_id = fields.Many2one(
        "crm.stage", string="Stage", required=True, ondelete="restrict"
    )
    gate_ids = fields.Many2many("kam.deal.gate", string="Gates Not Met")
    missing = fields.Text(string="What Was Missing", readonly=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Passed By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    _kam_system_fields = frozenset({"user_id", "date"})

    @api.model_create_multi
    def create(self, vals_list):
        self.env["crm.lead"]._kam_fill_account(vals_list)
        return super().create(vals_list)

    @api.constrains("reason")
    def _check_reason(self):
        for override in self:
            if not kam_is_a_reason(override.reason):
                raise ValidationError(
                    _(
                        "Say why %(lead)s may pass the gate without meeting it: a "
                        "reason of a few words at least, kept with the deal.",
                        lead=override.lead_id.name,
                    )
                )

    @api.constrains("lead_id", "account_id")
    def _check_lead_account(self):
        for override in self:
            # sudo: the opportunity's customer is compared, whoever may read it.
            lead = override.lead_id.sudo()  # sudo: see above
            customer = lead.partner_id.commercial_partner_id
            if customer != override.account_id.partner_id:
                raise ValidationError(
                    _(
                        "The override of %(lead)s belongs to the key account of its "
                        "own customer.",
                        lead=override.lead_id.name,
                    )
                )
