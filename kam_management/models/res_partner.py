from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input_mixin import kam_ensure_one


class ResPartner(models.Model):
    """What the addon adds to partners: the competitor flag, and the way to the key
    accounts of a customer and to the portraits of a person. The key-account data
    itself lives on `kam.account` and `kam.key.person`, whose record rules decide
    who sees and changes it."""

    _inherit = "res.partner"

    kam_is_competitor = fields.Boolean(
        string="Competitor",
        index=True,
        groups="kam_management.group_kam_user",
        help="A competitor (友商): its employees appear as external influencers.",
    )
    kam_account_ids = fields.One2many(
        "kam.account",
        "partner_id",
        string="Key Accounts",
        groups="kam_management.group_kam_user",
    )
    kam_account_count = fields.Integer(
        string="Key Account Records",
        compute="_compute_kam_account_count",
        groups="kam_management.group_kam_user",
    )
    kam_key_person_ids = fields.One2many(
        "kam.key.person",
        "partner_id",
        string="Portraits",
        groups="kam_management.group_kam_user",
        help="This person's portraits on the key accounts you may read.",
    )

    @api.depends("commercial_partner_id")
    def _compute_kam_account_count(self):
        # One grouped read; record rules limit it to the accounts the user may read.
        counts = dict(
            self.env["kam.account"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                groupby=["partner_id"],
                aggregates=["__count"],
            )
        )
        for partner in self:
            partner.kam_account_count = counts.get(partner.commercial_partner_id, 0)

    @api.constrains("is_company")
    def _check_kam_account_is_company(self):
        people = self.filtered(lambda p: not p.is_company)
        if not people:
            return
        # sudo: a customer that is a key account anywhere stays a company, even where
        # the user cannot see that account.
        accounts = (
            self.env["kam.account"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
            .search([("partner_id", "in", people.ids)], limit=1)
        )
        if accounts:
            raise ValidationError(
                _(
                    "%(name)s is a key account: it stays a company. Drop the key "
                    "account first if it really is a person.",
                    name=accounts.partner_id.display_name,
                )
            )

    @api.constrains("parent_id", "is_company")
    def _check_kam_portrayed_person_stays(self):
        """A person portrayed on a key account, or influenced there, stays a person
        of that account's customer: moving them would leave the account's records
        pointing at someone else's employee."""
        # sudo: the records of accounts the user cannot see count too; only whether
        # they exist is read.
        portraits = (
            self.env["kam.key.person"]
            .sudo()  # sudo: see above
            .search([("partner_id", "in", self.ids)])
        )
        influenced = (
            self.env["kam.influence"]
            .sudo()  # sudo: see above
            .with_context(active_test=False)
            .search([("influenced_id", "in", self.ids)])
        )
        customer_of = [(p.partner_id, p.account_id.partner_id) for p in portraits]
        customer_of += [(i.influenced_id, i.account_id.partner_id) for i in influenced]
        for person, customer in customer_of:
            if person.is_company or person.commercial_partner_id != customer:
                raise ValidationError(
                    _(
                        "%(person)s is a key person of %(customer)s: they stay a "
                        "person of that customer. Create a new contact for their "
                        "new company instead.",
                        person=person.name,
                        customer=customer.name,
                    )
                )

    def action_kam_export_personal_data(self):
        """Download what the key accounts hold about this person (a manager's
        action, logged)."""
        log = self.env["kam.personal.data"]._kam_export(self)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{log._name}/{log.id}/data_file/"
            f"{log.data_filename}?download=true",
            "target": "self",
        }

    def action_kam_erase_personal_data(self):
        """Ask for the reason, then erase (kam.personal.data.erase)."""
        self.env["kam.personal.data"]._kam_check_person(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Erase Personal Data"),
            "res_model": "kam.personal.data.erase",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_kam_open_accounts(self):
        kam_ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_account_action"
        )
        accounts = self.env["kam.account"].search(
            [("partner_id", "=", self.commercial_partner_id.id)]
        )
        if len(accounts) == 1:
            action.update(
                {"res_id": accounts.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("id", "in", accounts.ids)]
        action["context"] = {}
        return action

    def action_kam_relationship_map(self):
        """The map of this customer's key account in the current company."""
        kam_ensure_one(self)
        account = self.env["kam.account"].search(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )
        if not account:
            raise UserError(
                _(
                    "%(name)s is not a key account of %(company)s: nominate it first.",
                    name=self.commercial_partner_id.display_name,
                    company=self.env.company.name,
                )
            )
        return account.action_kam_relationship_map()

    def action_kam_nominate(self):
        """Any salesperson proposes a customer as a key account, with a reason."""
        partners = self.commercial_partner_id
        if not partners:
            raise UserError(_("Choose a customer to nominate."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_account_nominate_action"
        )
        action["context"] = {"default_partner_ids": partners.ids}
        return action
