from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

KAM_LIFECYCLE_STAGES = [
    ("acquisition", "New Customer, No Opportunity"),
    ("deal", "Deal in Progress"),
    ("delivery", "Delivery and Service"),
]

# Account fields that only the account's manager (or a Key Accounts manager) may change.
KAM_ACCOUNT_FIELDS = {"kam_is_key_account"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        index=True,
        copy=False,
        groups="kam_management.group_kam_user",
        help="This customer is managed as a key account: it gets key-person portraits, "
        "a classification, a strategy and an account plan.",
    )
    kam_key_account_since = fields.Date(
        string="Key Account Since",
        readonly=True,
        copy=False,
        groups="kam_management.group_kam_user",
    )
    kam_lifecycle_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES,
        string="Lifecycle Stage",
        compute="_compute_kam_lifecycle_stage",
        store=True,
        index=True,
        groups="kam_management.group_kam_user",
        help="Where the customer stands in its life cycle: a new customer with no "
        "opportunity yet (acquisition), an open opportunity (deal in progress), or "
        "confirmed orders and no open opportunity (delivery and service). Computed "
        "from the opportunities and sales orders of the company and its contacts.",
    )

    @api.depends(
        "commercial_partner_id",
        "opportunity_ids.active",
        "opportunity_ids.stage_id",
        "child_ids.opportunity_ids.active",
        "child_ids.opportunity_ids.stage_id",
        "sale_order_ids.state",
        "child_ids.sale_order_ids.state",
    )
    def _compute_kam_lifecycle_stage(self):
        # One batch: the same few queries whatever the number of partners.
        # sudo: the stage describes the account, so it counts every opportunity and
        # order, not only those the current salesperson may read; only the stage
        # leaves this method. _origin: a partner still being created has none yet.
        commercials = self.commercial_partner_id._origin
        family = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("commercial_partner_id", "in", commercials.ids)],
                ["commercial_partner_id"],
            )
        )
        commercial_of = {p.id: p.commercial_partner_id.id for p in family}
        open_deals = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("partner_id", "in", family.ids),
                    ("stage_id.is_won", "=", False),
                ],
                groupby=["partner_id"],
            )
        )
        orders = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("partner_id", "in", family.ids), ("state", "=", "sale")],
                groupby=["partner_id"],
            )
        )
        with_deal = {commercial_of[partner.id] for (partner,) in open_deals}
        with_order = {commercial_of[partner.id] for (partner,) in orders}
        for partner in self:
            commercial_id = partner.commercial_partner_id._origin.id
            if commercial_id in with_deal:
                partner.kam_lifecycle_stage = "deal"
            elif commercial_id in with_order:
                partner.kam_lifecycle_stage = "delivery"
            else:
                partner.kam_lifecycle_stage = "acquisition"

    @api.constrains("kam_is_key_account", "is_company")
    def _check_kam_is_key_account(self):
        for partner in self:
            if partner.kam_is_key_account and not partner.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a person: only companies can be key accounts. "
                        "Mark the company it works for instead.",
                        name=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("kam_is_key_account"):
                vals.setdefault("kam_key_account_since", today)
        partners = super().create(vals_list)
        if any(KAM_ACCOUNT_FIELDS & vals.keys() for vals in vals_list):
            partners._kam_check_coverage()
        return partners

    def write(self, vals):
        if KAM_ACCOUNT_FIELDS & vals.keys():
            self._kam_check_coverage()
        if vals.get("kam_is_key_account"):
            newly_flagged = self.filtered(lambda p: not p.kam_is_key_account)
            result = super().write(vals)
            # Marked again after a pause, an account counts from the new date.
            newly_flagged.kam_key_account_since = fields.Date.context_today(self)
            return result
        return super().write(vals)

    def _kam_check_coverage(self):
        """Key Accounts users change the key-account data only of the customers they
        cover; managers change it everywhere."""
        user = self.env.user
        if self.env.su or user.has_group("kam_management.group_kam_manager"):
            return
        others = self.filtered(lambda p: p.user_id != user)
        if others:
            raise AccessError(
                _(
                    "You can change the key-account data only of customers whose "
                    "account manager you are. %(names)s: ask their account manager "
                    "or a Key Accounts manager.",
                    names=", ".join(others.mapped("display_name")),
                )
            )
