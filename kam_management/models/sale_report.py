from odoo import fields, models


class SaleReport(models.Model):
    _inherit = "sale.report"

    # The contribution engine splits a key account's sales by lane.
    kam_fast_lane = fields.Boolean(string="Fast Lane", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["kam_fast_lane"] = "s.kam_fast_lane"
        return res

    def _group_by_sale(self):
        return super()._group_by_sale() + ",\n            s.kam_fast_lane"
