from odoo import _, api, fields, models


class KamPersonalDataErase(models.TransientModel):
    """A Key Accounts manager erases, on the person's request, what the key accounts
    of their companies hold about them; the reason goes to the log."""

    _name = "kam.personal.data.erase"
    _description = "Erase a Person's Key-Account Data"

    partner_id = fields.Many2one("res.partner", string="Person", required=True)
    summary = fields.Text(
        string="What Will Be Erased", compute="_compute_summary", readonly=True
    )
    reason = fields.Text(
        required=True,
        help="The person's request and its date, for the log.",
    )

    @api.depends("partner_id")
    def _compute_summary(self):
        engine = self.env["kam.personal.data"]
        for wizard in self:
            wizard.summary = (
                engine._kam_summary(engine._kam_records(wizard.partner_id))
                if wizard.partner_id
                else False
            )

    def action_erase(self):
        self.ensure_one()
        self.env["kam.personal.data"]._kam_erase(self.partner_id, self.reason)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "What the key accounts held about %(name)s is erased; the "
                    "request is logged.",
                    name=self.partner_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
