from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.kam_input_mixin import kam_ensure_one


class KamAccountNominate(models.TransientModel):
    """Any salesperson proposes customers as key accounts of their company, with a
    reason (客户识别 starts here). Qualifying and allocating them stay the Key
    Accounts managers' decisions."""

    _name = "kam.account.nominate"
    _inherit = ["kam.input.mixin"]
    _description = "Nominate Key Accounts"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    reason = fields.Text(
        string="Why",
        required=True,
        help="Why this customer deserves key-account management: size, potential, "
        "strategic value.",
    )

    def _kam_summary(self, new, existing):
        parts = []
        if new:
            parts.append(
                _("Nominated: %(names)s.", names=", ".join(new.mapped("name")))
            )
        if existing:
            parts.append(
                _(
                    "Already proposed (your reason is added to it): %(names)s.",
                    names=", ".join(existing.mapped("name")),
                )
            )
        parts.append(_("A Key Accounts manager decides next."))
        return " ".join(parts)

    def action_nominate(self):
        kam_ensure_one(self)
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(_("You can nominate customers only in your companies."))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Say why you nominate these customers."))
        customers = self.partner_ids.commercial_partner_id
        people = customers.filtered(lambda p: not p.is_company)
        if people:
            raise UserError(
                _(
                    "%(names)s: only companies can be key accounts.",
                    names=", ".join(people.mapped("display_name")),
                )
            )
        # sudo: a salesperson without Key Accounts rights may propose an account; the
        # nomination carries no figures, no team and no class, and only a Key
        # Accounts manager takes it further.
        Account = (
            self.env["kam.account"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
        )
        existing = Account.search(
            [
                ("partner_id", "in", customers.ids),
                ("company_id", "=", self.company_id.id),
            ]
        )
        for account in existing:
            account.message_post(
                body=_(
                    "Nominated again by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        new = customers - existing.partner_id
        accounts = Account.with_context(kam_nomination_reason=reason).create(
            [
                {"partner_id": partner.id, "company_id": self.company_id.id}
                for partner in new
            ]
        )
        for account in accounts:
            account.message_post(
                body=_(
                    "Nominated by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self._kam_summary(accounts, existing),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
