from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        # A confirmed order changes its account's contribution: mark the accounts due
        # and wake the engine, off the salesperson's path.
        # sudo: the salesperson confirming an order may have no Key Accounts rights;
        # only the due flag is set, by the engine's own statement.
        accounts = (
            self.env["kam.account"]
            .sudo()  # sudo: see above
            .search(
                [
                    ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        accounts._kam_mark_due()
        # A new customer with an order is no longer in the iron triangle's stage.
        accounts._kam_iron_triangle_sync()
        return result
