from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .kam_input_mixin import kam_ensure_one


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The small-deal fast lane (小单快速通道): a quotation made straight from a key
    # account or a small opportunity, without the pipeline. Sending, signature and
    # confirmation stay Odoo's own.
    kam_fast_lane = fields.Boolean(
        string="Fast Lane",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        help="Made through the small-deal fast lane (小单快速通道) of a key account.",
    )
    kam_fast_lane_reason = fields.Text(
        string="Why the Fast Lane",
        tracking=True,
        help="Needed when a fast-lane quotation comes to the small-deal threshold "
        "or more: why it does not go the big-deal process.",
    )
    kam_amount_company = fields.Monetary(
        string="Untaxed Amount (Company Currency)",
        compute="_compute_kam_over_threshold",
        currency_field="kam_company_currency_id",
    )
    kam_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    kam_small_deal_threshold = fields.Monetary(
        related="company_id.kam_small_deal_threshold",
        currency_field="kam_company_currency_id",
    )
    kam_over_threshold = fields.Boolean(
        string="Over the Small-Deal Threshold",
        compute="_compute_kam_over_threshold",
    )

    @api.depends(
        "amount_untaxed", "currency_rate", "company_id.kam_small_deal_threshold"
    )
    def _compute_kam_over_threshold(self):
        for order in self:
            # currency_rate is Odoo's rate from the company currency to the order's
            # at the order date (the one sale.report divides by).
            amount = order.amount_untaxed / (order.currency_rate or 1.0)
            order.kam_amount_company = amount
            order.kam_over_threshold = (
                amount >= order.company_id.kam_small_deal_threshold
            )

    def _kam_fast_lane_accounts(self):
        """{(customer id, company id): key account} of these orders, one search."""
        return self._kam_fast_lane_accounts_of(
            self.partner_id.commercial_partner_id, self.company_id
        )

    @api.model
    def _kam_fast_lane_accounts_of(self, customers, companies):
        # sudo: whether the customer is a key account decides the lane; a
        # salesperson without Key Accounts rights may still quote it.
        accounts = (
            self.env["kam.account"]
            .sudo()  # sudo: see above
            .search(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "in", companies.ids),
                ]
            )
        )
        return {(a.partner_id.id, a.company_id.id): a for a in accounts}

    @api.model
    def _kam_check_fast_lane_customer(self, partner, company, accounts=None):
        """The key account a fast-lane quotation for `partner` in `company` is
        made for; a clear refusal otherwise. `accounts`: prefetched by
        _kam_fast_lane_accounts (else one search)."""
        customer = partner.commercial_partner_id
        if not partner.active or not customer.active:
            raise UserError(
                _(
                    "%(customer)s is archived: restore the customer before quoting.",
                    customer=(partner if not partner.active else customer).name,
                )
            )
        if not customer.is_company:
            raise UserError(
                _(
                    "%(customer)s is a person, not a company: the fast lane quotes "
                    "key accounts, which are companies. Make an ordinary quotation "
                    "instead.",
                    customer=customer.name,
                )
            )
        if accounts is None:
            accounts = self.browse()._kam_fast_lane_accounts_of(customer, company)
        account = accounts.get((customer.id, company.id))
        if not account or account.state == "dropped":
            raise UserError(
                _(
                    "%(customer)s is no key account of %(company)s: the fast lane is "
                    "for key accounts. Make an ordinary quotation instead.",
                    customer=customer.name,
                    company=company.name,
                )
            )
        return account

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # The fast lane is for key accounts: checked whatever way the flag came
        # (the actions' context, an import, a client).
        fast = orders.filtered("kam_fast_lane")
        accounts = fast._kam_fast_lane_accounts()
        for order in fast:
            self._kam_check_fast_lane_customer(
                order.partner_id, order.company_id, accounts
            )
        return orders

    def write(self, vals):
        if vals.get("kam_fast_lane") and not self.env.su:
            raise UserError(
                _(
                    "A quotation enters the fast lane only when it is made from a "
                    "key account or a small opportunity (Fast-Lane Quotation)."
                )
            )
        result = super().write(vals)
        self._kam_check_sent_fast_lane()
        return result

    def _kam_check_sent_fast_lane(self):
        """A sent fast-lane quotation whose lines grow past the threshold needs its
        reason now: the customer may sign or pay it online, where nobody can give
        one. Called after the order or its lines (sale.order.line) are written."""
        if not self.env.su:
            self.filtered(lambda order: order.state == "sent")._kam_check_fast_lane()

    def _kam_check_fast_lane(self):
        """A fast-lane quotation is for a key account's customer, and from the
        threshold needs its reason before it goes out or is confirmed; amounts in a
        currency without a rate are refused, not compared 1:1."""
        orders = self.filtered("kam_fast_lane")
        if not orders:
            return
        accounts = orders._kam_fast_lane_accounts()
        for order in orders:
            self._kam_check_fast_lane_customer(
                order.partner_id, order.company_id, accounts
            )
        self.env["kam.classification"]._kam_check_rates(
            orders.currency_id - orders.company_id.currency_id
        )
        for order in orders:
            if (
                order.kam_over_threshold
                and not (order.kam_fast_lane_reason or "").strip()
            ):
                currency = order.company_id.currency_id
                raise UserError(
                    _(
                        "%(order)s comes to %(amount)s untaxed, from the small-deal "
                        "threshold of %(threshold)s: say why it stays in the fast "
                        "lane (Why the Fast Lane), or make it a big deal with Make "
                        "It a Big Deal.",
                        order=order.name,
                        amount=currency.format(order.kam_amount_company),
                        threshold=currency.format(
                            order.company_id.kam_small_deal_threshold
                        ),
                    )
                )

    def action_quotation_send(self):
        self._kam_check_fast_lane()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._kam_check_fast_lane()
        return super().action_quotation_sent()

    def action_confirm(self):
        # Not on the customer's side (online signature or payment confirm as the
        # superuser): a sent quotation was checked when it went out and whenever
        # its lines changed since.
        if not self.env.su:
            self._kam_check_fast_lane()
        return super().action_confirm()

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

    def action_kam_make_big_deal(self):
        """A fast-lane quotation that turned out big goes the big-deal process: its
        opportunity is marked big, or a new one is created marked big with the
        decision chain pre-filled from the account's key persons (where the user
        maps that account's chains); the quotation leaves the fast lane."""
        kam_ensure_one(self)
        self.check_access("write")
        if self.state not in ("draft", "sent"):
            raise UserError(
                _("Only a quotation not yet confirmed can become a big deal.")
            )
        if not self.kam_fast_lane:
            raise UserError(_("%(order)s is not in the fast lane.", order=self.name))
        account = self._kam_check_fast_lane_customer(self.partner_id, self.company_id)
        lead = self.opportunity_id
        if lead:
            lead.write(
                {
                    "kam_big_deal_marked": True,
                    "expected_revenue": max(
                        lead.expected_revenue, self.kam_amount_company
                    ),
                }
            )
        else:
            lead = self.env["crm.lead"].create(
                {
                    "name": _(
                        "%(customer)s: %(order)s",
                        customer=account.name,
                        order=self.name,
                    ),
                    "type": "opportunity",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "user_id": self.user_id.id,
                    "team_id": self.team_id.id,
                    "expected_revenue": self.kam_amount_company,
                    "kam_big_deal_marked": True,
                    "kam_decision_member_ids": account.with_env(
                        self.env
                    )._kam_chain_commands_for_user(),
                }
            )
        self.write({"opportunity_id": lead.id, "kam_fast_lane": False})
        self.message_post(
            body=_(
                "Left the fast lane for the big-deal process: %s",
                lead._get_html_link(),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "views": [(False, "form")],
        }
