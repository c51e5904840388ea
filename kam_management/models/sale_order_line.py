from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # The lines of a sent fast-lane quotation are checked as the quotation is:
    # the product catalog and clients write them without writing the order.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._kam_check_sent_fast_lane()
        return lines

    def write(self, vals):
        result = super().write(vals)
        self.order_id._kam_check_sent_fast_lane()
        return result

    def unlink(self):
        # A removed discount line raises the amount too.
        orders = self.order_id
        result = super().unlink()
        orders.exists()._kam_check_sent_fast_lane()
        return result
