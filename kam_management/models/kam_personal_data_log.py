from odoo import fields, models


class KamPersonalDataLog(models.Model):
    """Each export or erasure of what the addon holds about one person: who asked,
    when, why, and what it covered. Made by the actions only; nobody changes or
    deletes it (security/ir.model.access.csv). An export's file is kept on its line,
    so only those who read the log download it."""

    _name = "kam.personal.data.log"
    _description = "Key-Account Personal Data Request"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Done By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", readonly=True, ondelete="set null", index=True
    )
    person = fields.Char(
        string="Name at the Time", readonly=True, help="The person's name at the time."
    )
    operation = fields.Selection(
        [("export", "Export"), ("erase", "Erasure")], required=True, readonly=True
    )
    reason = fields.Text(readonly=True)
    summary = fields.Text(string="What It Covered", readonly=True)
    data_file = fields.Binary(string="Exported Data", attachment=True, readonly=True)
    data_filename = fields.Char(readonly=True)
