from odoo import fields, models


class KamAccountRole(models.Model):
    """A role in an account team (覆盖模式): the lines that cover an account. The
    shipped roles are data; a manager may add others."""

    _name = "kam.account.role"
    _description = "Account Team Role"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Technical key by which tactics and evaluations find the holder of "
        "this role (account_manager, solution_manager, lead_expert, ...).",
    )
    is_account_manager = fields.Boolean(
        string="Account Manager Role",
        help="Exactly one active member of an allocated account holds this role.",
    )
    allow_external = fields.Boolean(
        string="External Partners Allowed",
        help="This role may be held by a partner outside the company (a consultant "
        "acting as customer lead expert, for example).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Another role already has this code."),
    ]
