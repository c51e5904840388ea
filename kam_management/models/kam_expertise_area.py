from odoo import fields, models


class KamExpertiseArea(models.Model):
    """An area a customer lead expert is known for (industry, technology,
    management practice): tags on the experts."""

    _name = "kam.expertise.area"
    _description = "Expertise Area"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "This expertise area already exists."),
    ]
