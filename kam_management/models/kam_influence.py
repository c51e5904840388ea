from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

INFLUENCER_KINDS = [
    ("internal", "Inside the Customer"),
    ("ours", "Our People"),
    ("competitor", "Competitor"),
    ("external", "Partner / Consultant"),
]


class KamInfluence(models.Model):
    """Someone who can influence a key person (影响力关系).

    Internal (a contact of the same customer) or external (one of our people, a
    competitor's employee, a partner or consultant); which one is derived from the
    companies, never typed. With an opportunity it is valid for that opportunity only.
    """

    _name = "kam.influence"
    _inherit = ["kam.coverage.mixin"]
    _description = "Influence on a Key Person"
    _order = "account_id, influenced_id, id"

    influencer_id = fields.Many2one(
        "res.partner",
        string="Influencer",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', False)]",
    )
    influenced_id = fields.Many2one(
        "res.partner",
        string="Key Person",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', False), "
        "('commercial_partner_id', '=', customer_id)]",
    )
    customer_id = fields.Many2one(related="account_id.partner_id", string="Customer")
    strength = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        required=True,
        default="medium",
    )
    direction = fields.Selection(
        [("positive", "Positive"), ("negative", "Negative"), ("unknown", "Unknown")],
        string="Direction Towards Us",
        required=True,
        default="unknown",
    )
    note = fields.Text()
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="Until")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index=True,
        ondelete="cascade",
        help="Set: this influence holds for this opportunity only (its decision "
        "chain). Empty: it holds for the customer.",
    )
    influencer_kind = fields.Selection(
        INFLUENCER_KINDS,
        string="Influencer Is",
        compute="_compute_influencer_kind",
        store=True,
        index=True,
    )
    is_internal = fields.Boolean(
        string="Internal", compute="_compute_influencer_kind", store=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "not_self",
            "CHECK(influencer_id != influenced_id)",
            "A person cannot influence themselves.",
        ),
        (
            "dates_ordered",
            "CHECK(date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
            "An influence cannot end before it starts.",
        ),
    ]

    @api.depends(
        "influencer_id.commercial_partner_id",
        "account_id.partner_id",
        "influencer_id.commercial_partner_id.kam_is_competitor",
        "influencer_id.user_ids.share",
    )
    def _compute_influencer_kind(self):
        # sudo: which companies are ours is not a secret.
        companies = self.env["res.company"].sudo()  # sudo: see above
        our_companies = companies.search([]).partner_id
        for influence in self:
            influencer = influence.influencer_id
            account = influence.account_id.partner_id
            commercial = influencer.commercial_partner_id
            if commercial and commercial == account:
                kind = "internal"
            elif commercial in our_companies or any(
                not user.share
                for user in influencer.sudo().user_ids  # sudo: see below
            ):
                # sudo: whether a partner is an internal user is not a secret.
                kind = "ours"
            elif commercial.kam_is_competitor:
                kind = "competitor"
            else:
                kind = "external"
            influence.influencer_kind = kind
            influence.is_internal = kind == "internal"

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        # Said in words before the database's check answers in its own.
        for influence in self:
            if (
                influence.date_start
                and influence.date_end
                and influence.date_end < influence.date_start
            ):
                raise ValidationError(_("An influence cannot end before it starts."))

    @api.constrains("influencer_id", "influenced_id", "lead_id", "active")
    def _check_influence(self):
        for influence in self:
            influenced = influence.influenced_id
            customer = influence.account_id.partner_id
            if influenced.is_company or influenced.commercial_partner_id != customer:
                raise ValidationError(
                    _(
                        "%(name)s is not a person of %(account)s: influences point at "
                        "the people of the key account's customer.",
                        name=influenced.display_name,
                        account=customer.display_name,
                    )
                )
            # sudo: the opportunity's customer is compared, whoever owns it.
            lead = influence.lead_id.sudo()  # sudo: see above
            lead_account = lead.partner_id.commercial_partner_id
            if lead and lead_account != customer:
                raise ValidationError(
                    _(
                        "The opportunity %(lead)s is for %(lead_account)s, but "
                        "%(person)s works for %(account)s.",
                        lead=lead.name,
                        lead_account=lead_account.display_name or _("no customer"),
                        person=influenced.display_name,
                        account=customer.display_name,
                    )
                )
        # Exact duplicates: the same influencer on the same person in the same scope.
        # One grouped read for the whole batch (NULL opportunities count as equal);
        # sudo: a duplicate the user cannot read is still a duplicate.
        duplicates = self.sudo()._read_group(  # sudo: see above
            [
                ("account_id", "in", self.account_id.ids),
                ("influencer_id", "in", self.influencer_id.ids),
                ("influenced_id", "in", self.influenced_id.ids),
            ],
            groupby=["account_id", "influencer_id", "influenced_id", "lead_id"],
            aggregates=["__count"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            _account, influencer, influenced, lead = duplicates[0][:4]
            raise ValidationError(
                _(
                    "%(influencer)s already influences %(person)s%(scope)s: change "
                    "the existing influence instead of adding a second one.",
                    influencer=influencer.name,
                    person=influenced.name,
                    scope=_(" for %s", lead.name) if lead else "",
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["crm.lead"]._kam_fill_account(vals_list)
        return super().create(vals_list)

    @api.depends("influencer_id", "influenced_id")
    def _compute_display_name(self):
        for influence in self:
            influence.display_name = _(
                "%(influencer)s → %(person)s",
                influencer=influence.influencer_id.name or "",
                person=influence.influenced_id.name or "",
            )
