"""The small-deal fast lane (小单快速通道) and the lanes report (货币化产出): fast-lane
quotations from a key account or a small opportunity, the small-deal threshold in the
company currency, big deals made of quotations that turned out big, the count in the
contribution, and fast-lane against pipeline revenue."""

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KAM_USER, KamClassificationCommon, KamNetworkCommon

# Queries of the fast-lane count of a batch of accounts, whatever its size (measured:
# 3 for 1 and for 10 accounts: the accounts, one read_group, the customers).
FAST_LANE_COUNT_QUERY_BUDGET = 3


@tagged("post_install", "-at_install")
class TestFastLane(KamNetworkCommon, KamClassificationCommon):
    """Nordwind Logistics is a key account of the main company, Kara Account its
    account manager, in the sales team "Key Accounts North"; its portraits are those
    of KamNetworkCommon: two decision makers (Greta Stein, Paul Berg), a technical
    evaluator (Ida Lund), a gatekeeper (Otto Kern) and an assistant who is no key
    person. The small-deal threshold is 20,000 in the company currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.kam_small_deal_threshold = 20000
        cls.account.headcount = 10
        cls.sales_team = cls.env["crm.team"].create(
            {
                "name": "Key Accounts North",
                "company_id": cls.company.id,
                "crm_team_member_ids": [Command.create({"user_id": cls.kam_user.id})],
            }
        )
        # The customer's own terms: the fast lane must quote with them.
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Nordwind Terms",
                "currency_id": cls.currency.id,
                "company_id": cls.company.id,
            }
        )
        cls.customer.property_product_pricelist = cls.pricelist

    # ------------------------------------------------------------------ helpers
    def assertChainOfKeyPersons(self, lead):
        """The decision chain pre-filled from the account's key persons and their
        buying roles, decision makers first (the assistant is no key person)."""
        self.assertEqual(
            [(m.partner_id, m.role) for m in lead.kam_decision_member_ids],
            [
                (self.ceo, "decision_maker"),
                (self.cfo, "decision_maker"),
                (self.cio, "technical_evaluator"),
                (self.buyer, "gatekeeper"),
            ],
        )

    def counts(self):
        """Quotations and opportunities in the database, archived ones included."""
        env = self.env(context={"active_test": False})
        return env["sale.order"].search_count([]), env["crm.lead"].search_count([])

    def fill(self, action, user, amount):
        """What a user does with a quotation action: Odoo's form with the action's
        context, one line of `amount`, saved."""
        form = Form(
            self.env["sale.order"].with_user(user).with_context(**action["context"])
        )
        with form.order_line.new() as line:
            line.product_id = self.product
            line.price_unit = amount
        return form.save()

    def quote(self, amount, account=None, user=None):
        """A fast-lane quotation made from the key account by its account manager."""
        user = user or self.kam_user
        action = (
            (account or self.account).with_user(user).action_kam_fast_lane_quotation()
        )
        return self.fill(action, user, amount)

    def customer_pays_in(self, currency):
        """The customer's pricelist is in `currency` from now on."""
        pricelist = self.env["product.pricelist"].create(
            {"name": f"Terms in {currency.name}", "currency_id": currency.id}
        )
        self.customer.property_product_pricelist = pricelist
        return pricelist

    def second_company(self, threshold):
        """A second company of the same currency, where Nordwind Logistics is a key
        account too, its account manager a user of that company only."""
        company = self.env["res.company"].create(
            {
                "name": "KAM Second Company",
                "currency_id": self.currency.id,
                "kam_small_deal_threshold": threshold,
            }
        )
        user = self.company_user("kam_user_b", "Bea Branch", KAM_USER, company)
        account = self.make_account(self.customer, user, company=company)
        return company, user, account

    def threshold_message(self, order, amount, threshold):
        return (
            f"{order.name} comes to {self.currency.format(amount)} untaxed, from the "
            f"small-deal threshold of {self.currency.format(threshold)}"
        )

    # ------------------------------------------------------------------ threshold
    def test_threshold_in_another_currency(self):
        """2 units of the customer's currency per company unit: 39,998 is 19,999 in
        the company currency (under 20,000), 40,000 is 20,000 (from the threshold)."""
        foreign = self.foreign_currency(2.0)
        self.customer_pays_in(foreign)
        under, over = self.quote(39998), self.quote(40000)
        self.assertRecordValues(
            under | over,
            [
                {
                    "currency_id": foreign.id,
                    "amount_untaxed": 39998,
                    "kam_amount_company": 19999,
                    "kam_small_deal_threshold": 20000,
                    "kam_over_threshold": False,
                },
                {
                    "currency_id": foreign.id,
                    "amount_untaxed": 40000,
                    "kam_amount_company": 20000,
                    "kam_small_deal_threshold": 20000,
                    "kam_over_threshold": True,
                },
            ],
        )
        under.action_confirm()
        self.assertEqual(under.state, "sale")
        with self.assertRaisesMessage(
            UserError, self.threshold_message(over, 20000, 20000)
        ):
            over.action_confirm()
        self.assertEqual(over.state, "draft")
        # One cent less in the company currency is under the threshold.
        over.order_line.price_unit = 39999.98
        self.assertEqual(over.kam_amount_company, 19999.99)
        self.assertFalse(over.kam_over_threshold)
        over.action_confirm()
        self.assertEqual(over.state, "sale")

    def test_currency_without_rate_is_refused(self):
        """An order in a currency without any rate is not compared 1:1: 100 KMZ
        would pass as 100; it is refused until a rate is entered."""
        kmz = self.env["res.currency"].create(
            {"name": "KMZ", "symbol": "K", "rounding": 0.01}
        )
        self.customer_pays_in(kmz)
        order = self.quote(100)
        self.assertEqual(order.currency_id, kmz)
        # Odoo's own rate would be 1: far under the threshold, and still refused.
        self.assertFalse(order.kam_over_threshold)
        order.kam_fast_lane_reason = "Agreed with the customer's buyer"
        for action in ("action_quotation_sent", "action_confirm"):
            with self.assertRaisesMessage(UserError, "no exchange rate for KMZ"):
                getattr(order, action)()
        self.assertEqual(order.state, "draft")
        # Once a rate is entered (4 KMZ per company unit), amounts count at it.
        self.env["res.currency.rate"].create(
            {"currency_id": kmz.id, "rate": 4.0, "name": "2020-01-01"}
        )
        order = self.quote(100)
        self.assertEqual(order.kam_amount_company, 25)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_threshold_per_company(self):
        """The same 8,000 is a small deal in the main company (threshold 20,000) and
        from the threshold in a company whose threshold is 5,000."""
        company_2, user_b, account_2 = self.second_company(5000)
        order_a = self.quote(8000)
        order_b = self.quote(8000, account=account_2, user=user_b)
        self.assertRecordValues(
            order_a | order_b,
            [
                {
                    "company_id": self.company.id,
                    "user_id": self.kam_user.id,
                    "kam_small_deal_threshold": 20000,
                    "kam_over_threshold": False,
                },
                {
                    "company_id": company_2.id,
                    "user_id": user_b.id,
                    "kam_small_deal_threshold": 5000,
                    "kam_over_threshold": True,
                },
            ],
        )
        order_a.action_confirm()
        with self.assertRaisesMessage(
            UserError, self.threshold_message(order_b, 8000, 5000)
        ):
            order_b.action_confirm()
        order_b.kam_fast_lane_reason = "Framework prices of the group"
        order_b.action_confirm()
        self.assertEqual((order_a | order_b).mapped("state"), ["sale", "sale"])

    # ------------------------------------------------------------------ quotation
    def test_quotation_from_key_account(self):
        """Odoo's quotation form, filled by the action: nothing exists before the
        user saves; then the customer's pricelist, the account manager and their
        sales team."""
        before = self.counts()
        action = self.account.with_user(self.kam_user).action_kam_fast_lane_quotation()
        self.assertEqual(action["res_model"], "sale.order")
        self.assertFalse(action.get("res_id"))
        self.assertEqual(self.counts(), before)
        order = self.fill(action, self.kam_user, 1500)
        self.assertRecordValues(
            order,
            [
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "user_id": self.kam_user.id,
                    "team_id": self.sales_team.id,
                    "pricelist_id": self.pricelist.id,
                    "currency_id": self.currency.id,
                    "origin": "Fast lane: Nordwind Logistics",
                    "opportunity_id": False,
                    "kam_fast_lane": True,
                    "kam_over_threshold": False,
                    "state": "draft",
                }
            ],
        )
        self.assertEqual(self.counts(), (before[0] + 1, before[1]))
        # Small: it goes out and is confirmed without a reason.
        order.action_quotation_sent()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_quotation_from_small_opportunity(self):
        """From an opportunity under the threshold: sale_crm's own quotation, linked
        to the opportunity, marked fast lane."""
        lead = self.lead.with_user(self.kam_user)
        self.lead.expected_revenue = 19999
        self.assertFalse(lead.kam_is_big_deal)
        action = lead.action_kam_fast_lane_quotation()
        order = self.fill(action, self.kam_user, 4000)
        self.assertRecordValues(
            order,
            [
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": self.lead.id,
                    "origin": "Fleet telematics",
                    "user_id": self.kam_user.id,
                    "pricelist_id": self.pricelist.id,
                    "kam_fast_lane": True,
                }
            ],
        )
        self.assertEqual(self.lead.order_ids, order)

    def test_no_fast_lane_for_big_deals(self):
        before = self.counts()
        lead = self.lead.with_user(self.kam_user)
        self.lead.expected_revenue = 20000  # at the threshold: a big deal
        with self.assertRaisesMessage(UserError, "Fleet telematics is a big deal"):
            lead.action_kam_fast_lane_quotation()
        self.lead.write({"expected_revenue": 500, "kam_big_deal_marked": True})
        with self.assertRaisesMessage(UserError, "Fleet telematics is a big deal"):
            lead.action_kam_fast_lane_quotation()
        self.assertEqual(self.counts(), before)

    # ------------------------------------------------------------------ bad input
    def test_bad_customers_are_refused(self):
        """Each refusal says why, and nothing is created."""
        Partner = self.env["res.partner"]
        before = self.counts()
        # An archived customer.
        old_mill = Partner.create({"name": "Old Mill", "is_company": True})
        old_account = self.make_account(old_mill, self.kam_user)
        old_mill.active = False
        with self.assertRaisesMessage(
            UserError, "Old Mill is archived: restore the customer before quoting."
        ):
            old_account.with_user(self.kam_user).action_kam_fast_lane_quotation()
        # A dropped account.
        dropped = Partner.create({"name": "Gone Gmbh", "is_company": True})
        dropped_account = self.make_account(dropped, self.kam_user, state="dropped")
        with self.assertRaisesMessage(
            UserError, f"Gone Gmbh is no key account of {self.company.name}"
        ):
            dropped_account.with_user(self.kam_user).action_kam_fast_lane_quotation()

        def opportunity(partner):
            return (
                self.env["crm.lead"]
                .create(
                    {
                        "name": f"Deal with {partner.name}",
                        "type": "opportunity",
                        "partner_id": partner.id,
                        "user_id": self.kam_user.id,
                    }
                )
                .with_user(self.kam_user)
            )

        # An archived contact of the key account.
        lead_archived = opportunity(self.contact)
        self.contact.active = False
        # A private individual.
        private = Partner.create({"name": "Pat Private", "is_company": False})
        lead_private = opportunity(private)
        # A customer that is no key account.
        lead_stranger, _person = self.stranger_lead()
        lead_stranger = lead_stranger.with_user(self.kam_user)
        leads_before = self.counts()
        refusals = [
            (lead_archived, "Lena Buyer is archived"),
            (lead_private, "Pat Private is a person, not a company"),
            (lead_stranger, f"Unknown Ltd is no key account of {self.company.name}"),
        ]
        for lead, message in refusals:
            with (
                self.subTest(lead=lead.name),
                self.assertRaisesMessage(UserError, message),
            ):
                lead.action_kam_fast_lane_quotation()
        self.assertEqual(self.counts(), leads_before)
        self.assertEqual(self.counts()[0], before[0])

    def test_key_account_of_another_company_only(self):
        """A key account of the second company is none of the main company."""
        company_2 = self.second_company(5000)[0]
        customer = self.env["res.partner"].create(
            {"name": "Far Away Ltd", "is_company": True}
        )
        self.make_account(customer, self.kam_user_2, company=company_2)
        lead = self.env["crm.lead"].create(
            {
                "name": "Far deal",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": self.kam_user.id,
            }
        )
        with self.assertRaisesMessage(
            UserError, f"Far Away Ltd is no key account of {self.company.name}"
        ):
            lead.with_user(self.kam_user).action_kam_fast_lane_quotation()

    def test_reason_from_the_threshold(self):
        order = self.quote(25000)
        self.assertTrue(order.kam_over_threshold)
        message = self.threshold_message(order, 25000, 20000)
        for action in (
            "action_quotation_send",
            "action_quotation_sent",
            "action_confirm",
        ):
            with (
                self.subTest(action=action),
                self.assertRaisesMessage(UserError, message),
            ):
                getattr(order, action)()
        # Blanks are no reason.
        order.kam_fast_lane_reason = "   "
        with self.assertRaisesMessage(UserError, message):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        order.kam_fast_lane_reason = "Repeat order at last year's prices"
        order.action_quotation_sent()
        self.assertEqual(order.state, "sent")
        order.action_confirm()
        self.assertRecordValues(order, [{"state": "sale", "kam_fast_lane": True}])

    def test_make_big_deal(self):
        """A quotation that turned out big (25,000 in the company currency, quoted in
        a currency worth half) becomes a big opportunity with the account's key
        persons as its decision chain, decision makers first."""
        self.customer_pays_in(self.foreign_currency(2.0))
        order = self.quote(50000)
        self.assertEqual(order.kam_amount_company, 25000)
        leads_before = self.counts()[1]
        action = order.action_kam_make_big_deal()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(self.counts()[1], leads_before + 1)
        self.assertRecordValues(
            lead,
            [
                {
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "user_id": self.kam_user.id,
                    "team_id": self.sales_team.id,
                    "expected_revenue": 25000,
                    "kam_big_deal_marked": True,
                    "kam_is_big_deal": True,
                }
            ],
        )
        self.assertChainOfKeyPersons(lead)
        self.assertRecordValues(
            order, [{"opportunity_id": lead.id, "kam_fast_lane": False}]
        )
        # Once linked, it is the opportunity's quotation: no second big deal, and it
        # is confirmed as any pipeline quotation, without a fast-lane reason.
        with self.assertRaisesMessage(UserError, "is not in the fast lane"):
            order.action_kam_make_big_deal()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaisesMessage(
            UserError, "Only a quotation not yet confirmed can become a big deal."
        ):
            order.action_kam_make_big_deal()
        self.assertEqual(self.counts()[1], leads_before + 1)

    def test_big_deal_from_a_small_opportunity_quotation(self):
        """A fast-lane quotation of an opportunity that turned out big marks that
        opportunity big (no second opportunity) and leaves the fast lane."""
        self.lead.expected_revenue = 5000
        lead = self.lead.with_user(self.kam_user)
        order = self.fill(lead.action_kam_fast_lane_quotation(), self.kam_user, 26000)
        leads_before = self.counts()[1]
        action = order.action_kam_make_big_deal()
        self.assertEqual(action["res_id"], self.lead.id)
        self.assertEqual(self.counts()[1], leads_before)
        self.assertRecordValues(
            self.lead,
            [
                {
                    "kam_big_deal_marked": True,
                    "kam_is_big_deal": True,
                    "expected_revenue": 26000,
                }
            ],
        )
        self.assertRecordValues(
            order, [{"opportunity_id": self.lead.id, "kam_fast_lane": False}]
        )

    def test_big_deal_by_a_salesperson_without_key_account_rights(self):
        """A salesperson without Key Accounts rights makes a big deal of their
        fast-lane quotation: the opportunity is created, its decision chain is left
        to the account's team (they may not map it)."""
        # The salesperson's own fast-lane quotation (made from an opportunity).
        order = (
            self.env["sale.order"]
            .with_context(mail_auto_subscribe_no_notify=True)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "kam_fast_lane": True,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 30000}
                        )
                    ],
                }
            )
        )
        action = order.with_user(self.salesman).action_kam_make_big_deal()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertRecordValues(
            lead,
            [
                {
                    "kam_big_deal_marked": True,
                    "user_id": self.salesman.id,
                    "expected_revenue": 30000,
                }
            ],
        )
        self.assertFalse(lead.kam_decision_member_ids)

    def test_confirmed_order_is_no_big_deal(self):
        order = self.quote(3000)
        order.action_confirm()
        before = self.counts()
        with self.assertRaisesMessage(
            UserError, "Only a quotation not yet confirmed can become a big deal."
        ):
            order.action_kam_make_big_deal()
        self.assertEqual(self.counts(), before)
        self.assertRecordValues(
            order, [{"opportunity_id": False, "kam_fast_lane": True}]
        )

    # ------------------------------------------------------------------ ways round
    def test_created_in_the_fast_lane_for_key_accounts_only(self):
        """The fast-lane flag comes with the form's context or in the values (an
        import, a client): either way the customer is checked, and a refused
        quotation is not created."""
        Partner = self.env["res.partner"]
        private = Partner.create({"name": "Pat Private", "is_company": False})
        stranger = Partner.create({"name": "Unknown Ltd", "is_company": True})
        old_mill = Partner.create({"name": "Old Mill", "is_company": True})
        self.make_account(old_mill, self.kam_user)
        old_mill.active = False
        gone = Partner.create({"name": "Gone Gmbh", "is_company": True})
        self.make_account(gone, self.kam_user, state="dropped")
        Order = self.env["sale.order"].with_user(self.salesman)
        line = [Command.create({"product_id": self.product.id, "price_unit": 900})]
        before = self.counts()
        for partner, message in (
            (private, "Pat Private is a person, not a company"),
            (stranger, f"Unknown Ltd is no key account of {self.company.name}"),
            (old_mill, "Old Mill is archived: restore the customer before quoting."),
            (gone, f"Gone Gmbh is no key account of {self.company.name}"),
        ):
            vals = {"partner_id": partner.id, "order_line": line}
            for way, Model, extra in (
                ("context", Order.with_context(default_kam_fast_lane=True), {}),
                ("values", Order, {"kam_fast_lane": True}),
            ):
                with (
                    self.subTest(customer=partner.name, way=way),
                    self.assertRaisesMessage(UserError, message),
                ):
                    Model.create({**vals, **extra})
        self.assertEqual(self.counts(), before)
        # The key account's contact, an ordinary quotation of anybody: created.
        fast = Order.create(
            {"partner_id": self.contact.id, "order_line": line, "kam_fast_lane": True}
        )
        plain = Order.create({"partner_id": private.id, "order_line": line})
        self.assertEqual(
            (fast | plain).mapped("kam_fast_lane"), [True, False], "as created"
        )

    def test_no_way_into_the_fast_lane_by_writing(self):
        """An ordinary quotation is not put into the fast lane afterwards, neither
        by the account manager nor by a salesperson on their own quotation: it
        would count as a small deal that skipped the pipeline."""
        lead = self.lead.with_user(self.kam_user)
        order = self.fill(lead.action_new_quotation(), self.kam_user, 3000)
        before = self.counts()
        with self.assertRaisesMessage(
            UserError,
            "A quotation enters the fast lane only when it is made from a key "
            "account or a small opportunity (Fast-Lane Quotation).",
        ):
            order.with_user(self.kam_user).write(
                {"kam_fast_lane": True, "client_order_ref": "PO 4711"}
            )
        own = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 200}
                        )
                    ],
                }
            )
        )
        with self.assertRaisesMessage(UserError, "enters the fast lane only"):
            own.with_user(self.salesman).kam_fast_lane = True
        self.env.invalidate_all()
        for record in (order, own):
            self.assertRecordValues(
                record, [{"kam_fast_lane": False, "client_order_ref": False}]
            )
        self.assertEqual(self.counts(), (before[0] + 1, before[1]))
        # Leaving the fast lane (Make It a Big Deal) stays open.
        fast = self.quote(3000)
        fast.action_kam_make_big_deal()
        self.assertFalse(fast.kam_fast_lane)

    def test_sent_quotation_grown_past_the_threshold(self):
        """A sent fast-lane quotation may be signed or paid online, where nobody
        gives a reason: edited past the threshold, it needs its reason at once."""
        order = self.quote(12000)
        order.action_quotation_sent()
        message = self.threshold_message(order, 25000, 20000)
        # The account manager edits the line in the quotation form.
        with (
            self.assertRaisesMessage(UserError, message),
            Form(order) as form,
            form.order_line.edit(0) as line,
        ):
            line.price_unit = 25000
        self.env.invalidate_all()
        self.assertRecordValues(
            order, [{"state": "sent", "amount_untaxed": 12000, "kam_fast_lane": True}]
        )
        # The lines edited on their own (as the product catalog does).
        for way, edit in (
            ("write", lambda: order.order_line.write({"price_unit": 25000})),
            (
                "create",
                lambda: (
                    self.env["sale.order.line"]
                    .with_user(self.kam_user)
                    .create(
                        {
                            "order_id": order.id,
                            "product_id": self.product.id,
                            "price_unit": 13000,
                        }
                    )
                ),
            ),
        ):
            with (
                self.subTest(way=way),
                self.assertRaisesMessage(
                    UserError, self.threshold_message(order, 25000, 20000)
                ),
            ):
                edit()
            self.env.invalidate_all()
            self.assertRecordValues(order, [{"amount_untaxed": 12000, "state": "sent"}])
        # With the reason in the same save: accepted.
        with Form(order) as form:
            form.kam_fast_lane_reason = "Framework agreement of the group"
            with form.order_line.edit(0) as line:
                line.price_unit = 25000
        self.assertRecordValues(order, [{"amount_untaxed": 25000, "state": "sent"}])
        # Its reason is not taken back while it is out.
        with self.assertRaisesMessage(UserError, message):
            order.kam_fast_lane_reason = " "
        self.assertEqual(order.kam_fast_lane_reason, "Framework agreement of the group")
        # A draft grows freely: it is checked when it goes out.
        draft = self.quote(12000)
        draft.order_line.price_unit = 30000
        self.assertTrue(draft.kam_over_threshold)
        with self.assertRaisesMessage(
            UserError, self.threshold_message(draft, 30000, 20000)
        ):
            draft.action_quotation_sent()
        self.assertEqual(draft.state, "draft")

    def test_customer_signs_online(self):
        """The customer's online signature or payment confirms a sent quotation as
        the superuser (sale's portal): no check addressed to the salesperson stands
        in its way. The salesperson's own confirmation is checked."""
        order = self.quote(25000)
        order.kam_fast_lane_reason = "Framework agreement of the group"
        order.action_quotation_sent()
        # The account is dropped meanwhile.
        self.account.state = "dropped"
        with self.assertRaisesMessage(
            UserError, f"Nordwind Logistics is no key account of {self.company.name}"
        ):
            order.action_confirm()
        self.assertEqual(order.state, "sent")
        # sale's portal: _document_check_access hands the order over as the
        # superuser, then _validate_order confirms it.
        order.with_user(SUPERUSER_ID)._validate_order()
        self.assertRecordValues(order, [{"state": "sale", "kam_fast_lane": True}])

    def test_customer_changed_in_the_form(self):
        """A fast-lane quotation whose customer is changed in the form to one
        that is no key account does not go out, nor is it confirmed."""
        Partner = self.env["res.partner"]
        stranger = Partner.create({"name": "Unknown Ltd", "is_company": True})
        private = Partner.create({"name": "Pat Private", "is_company": False})
        order = self.quote(3000)
        for partner, message in (
            (stranger, f"Unknown Ltd is no key account of {self.company.name}"),
            (private, "Pat Private is a person, not a company"),
        ):
            with Form(order) as form:
                form.partner_id = partner
            for action in (
                "action_quotation_send",
                "action_quotation_sent",
                "action_confirm",
            ):
                with (
                    self.subTest(customer=partner.name, action=action),
                    self.assertRaisesMessage(UserError, message),
                ):
                    getattr(order, action)()
            self.assertEqual(order.state, "draft")
        # Back to the key account's contact: it goes out and is confirmed.
        with Form(order) as form:
            form.partner_id = self.contact
        order.action_quotation_sent()
        order.action_confirm()
        self.assertRecordValues(order, [{"state": "sale", "kam_fast_lane": True}])

    # ------------------------------------------------------------------ contribution
    def test_count_in_contribution(self):
        fast = self.quote(12000)
        fast.action_confirm()
        lead = self.lead.with_user(self.kam_user)
        pipeline = self.fill(lead.action_new_quotation(), self.kam_user, 30000)
        pipeline.action_confirm()
        self.assertFalse(pipeline.kam_fast_lane)
        self.quote(3000)  # a fast-lane quotation, not confirmed
        self.quote(4000).action_cancel()
        self.classify(self.account)
        self.assertRecordValues(
            self.account,
            [
                {
                    "contribution": 42000,
                    "contribution_fast_lane": 12000,
                    # the confirmed one and the quotation, not the cancelled one
                    "fast_lane_order_count": 2,
                    "due": False,
                }
            ],
        )
        action = self.account.with_user(self.kam_user).action_kam_fast_lane_orders()
        orders = (
            self.env["sale.order"].with_user(self.kam_user).search(action["domain"])
        )
        self.assertEqual(len(orders), 3)  # the list shows the cancelled one too
        # A salesperson without Key Accounts rights quotes a small opportunity of the
        # customer's contact through the fast lane and confirms: the account is due.
        sales_lead = self.env["crm.lead"].create(
            {
                "name": "Spare parts",
                "type": "opportunity",
                "partner_id": self.contact.id,
                "user_id": self.salesman.id,
                "expected_revenue": 2500,
            }
        )
        action = sales_lead.with_user(self.salesman).action_kam_fast_lane_quotation()
        order = self.fill(action, self.salesman, 2500)
        order.action_confirm()
        self.assertRecordValues(
            order,
            [{"state": "sale", "kam_fast_lane": True, "user_id": self.salesman.id}],
        )
        self.assertTrue(self.account.due)
        self.env["kam.classification"]._cron_kam_classify()
        self.assertRecordValues(
            self.account,
            [
                {
                    "contribution": 44500,
                    "contribution_fast_lane": 14500,
                    "fast_lane_order_count": 3,
                    "due": False,
                }
            ],
        )

    # ------------------------------------------------------------------ big deal
    def test_new_big_deal_from_key_account(self):
        env = self.env(context={"active_test": False})
        leads, members = (
            env["crm.lead"].search_count([]),
            env["kam.decision.member"].search_count([]),
        )
        action = self.account.with_user(self.kam_user).action_kam_new_big_deal()
        self.assertEqual(action["res_model"], "crm.lead")
        form = Form(
            self.env["crm.lead"]
            .with_user(self.kam_user)
            .with_context(**action["context"])
        )
        form.name = "Fleet renewal 2027"
        self.assertEqual(
            (
                env["crm.lead"].search_count([]),
                env["kam.decision.member"].search_count([]),
            ),
            (leads, members),
        )
        lead = form.save()
        self.assertRecordValues(
            lead,
            [
                {
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "user_id": self.kam_user.id,
                    "kam_account_id": self.account.id,
                    "kam_big_deal_marked": True,
                    "kam_is_big_deal": True,
                }
            ],
        )
        self.assertChainOfKeyPersons(lead)
        self.assertEqual(env["crm.lead"].search_count([]), leads + 1)

    # ------------------------------------------------------------------ report
    def set_dates(self, record, create_date, date_order=None):
        """Dates the database clock would have stamped (freezegun does not move it)."""
        self.env.flush_all()
        if date_order:
            self.env.cr.execute(
                "UPDATE sale_order SET create_date = %s, date_order = %s WHERE id = %s",
                (create_date, date_order, record.id),
            )
        else:
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                (create_date, record.id),
            )
        self.env.invalidate_all()

    def test_lanes_report(self):
        """Two fast-lane orders (3 and 5 days from the quotation), a pipeline order
        in another currency (40 days from the opportunity), an order of neither
        (1.5 days)."""
        foreign = self.foreign_currency(2.0)
        fast_1, fast_2 = self.quote(12000), self.quote(8000)
        Order = self.env["sale.order"].with_user(self.kam_user)
        line = [Command.create({"product_id": self.product.id, "price_unit": 60000})]
        pipeline = Order.create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": self.lead.id,
                "pricelist_id": self.env["product.pricelist"]
                .create({"name": "Foreign", "currency_id": foreign.id})
                .id,
                "order_line": line,
            }
        )
        direct = Order.create(
            {
                "partner_id": self.contact.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 5000})
                ],
            }
        )
        not_confirmed = self.quote(1000)
        orders = fast_1 | fast_2 | pipeline | direct
        orders.action_confirm()
        self.set_dates(fast_1, "2026-01-01 08:00:00", "2026-01-04 08:00:00")
        self.set_dates(fast_2, "2026-02-01 08:00:00", "2026-02-06 08:00:00")
        self.set_dates(self.lead, "2025-12-01 08:00:00")
        self.set_dates(pipeline, "2026-01-09 08:00:00", "2026-01-10 08:00:00")
        self.set_dates(direct, "2026-01-05 08:00:00", "2026-01-06 20:00:00")
        _company_2, user_b, account_2 = self.second_company(5000)
        order_b = self.quote(7000, account=account_2, user=user_b)
        order_b.kam_fast_lane_reason = "Framework prices of the group"
        order_b.action_confirm()

        Report = self.env["kam.lane.report"].with_user(self.kam_user)
        rows = Report.search([("account_id", "=", self.account.id)])
        self.assertEqual(rows.order_id, orders)  # not the quotation
        self.assertNotIn(not_confirmed, rows.order_id)
        self.assertRecordValues(
            rows.sorted(lambda r: r.order_id.id),
            [
                {
                    "order_id": fast_1.id,
                    "lane": "fast_lane",
                    "amount": 12000,
                    "days_to_order": 3,
                    "partner_id": self.customer.id,
                    "user_id": self.kam_user.id,
                    "team_id": self.sales_team.id,
                    "currency_id": self.currency.id,
                    "company_id": self.company.id,
                },
                {
                    "order_id": fast_2.id,
                    "lane": "fast_lane",
                    "amount": 8000,
                    "days_to_order": 5,
                    "partner_id": self.customer.id,
                    "user_id": self.kam_user.id,
                    "team_id": self.sales_team.id,
                    "currency_id": self.currency.id,
                    "company_id": self.company.id,
                },
                {
                    "order_id": pipeline.id,
                    "lane": "pipeline",
                    "amount": 30000,
                    "days_to_order": 40,
                    "partner_id": self.customer.id,
                    "user_id": self.kam_user.id,
                    "team_id": pipeline.team_id.id,
                    "currency_id": self.currency.id,
                    "company_id": self.company.id,
                },
                {
                    "order_id": direct.id,
                    "lane": "direct",
                    "amount": 5000,
                    "days_to_order": 1.5,
                    # the key account's customer, for an order of its contact
                    "partner_id": self.customer.id,
                    "user_id": self.kam_user.id,
                    "team_id": direct.team_id.id,
                    "currency_id": self.currency.id,
                    "company_id": self.company.id,
                },
            ],
        )
        groups = Report.read_group(
            [("account_id", "=", self.account.id)],
            ["amount:sum", "days_to_order:avg", "order_count:sum"],
            ["lane"],
        )
        self.assertEqual(
            {
                g["lane"]: (g["amount"], g["days_to_order"], g["order_count"])
                for g in groups
            },
            {
                "fast_lane": (20000, 4, 2),
                "pipeline": (30000, 40, 1),
                "direct": (5000, 1.5, 1),
            },
        )
        # Each company's users see its own rows only.
        self.assertFalse(Report.search([("order_id", "=", order_b.id)]))
        Report_b = self.env["kam.lane.report"].with_user(user_b)
        self.assertFalse(Report_b.search([("order_id", "in", orders.ids)]))
        self.assertRecordValues(
            Report_b.search([]),
            [{"order_id": order_b.id, "lane": "fast_lane", "amount": 7000}],
        )
        self.assertEqual(
            [
                (g["lane"], g["amount"], g["order_count"])
                for g in Report_b.read_group(
                    [], ["amount:sum", "order_count:sum"], ["lane"]
                )
            ],
            [("fast_lane", 7000, 1)],
        )

    def confirmed(self, partner, user, amount, company=None, pricelist=None):
        """A confirmed order of `user` (set-up data)."""
        company = company or self.company
        vals = {
            "partner_id": partner.id,
            "user_id": user.id,
            "company_id": company.id,
            "order_line": [
                Command.create({"product_id": self.product.id, "price_unit": amount})
            ],
        }
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        order = self.env["sale.order"].with_company(company).create(vals)
        order.action_confirm()
        return order

    def test_lanes_report_rights(self):
        """A Key Accounts user sees their own orders and those of the accounts
        whose active team they are in; managers and salespeople who see all
        documents see every key account's."""
        own_1 = self.confirmed(self.customer, self.kam_user, 1000)
        sales_1 = self.confirmed(self.contact, self.salesman, 2000)
        other_on_1 = self.confirmed(self.customer, self.kam_user_2, 3000)
        own_2 = self.confirmed(self.other_customer, self.kam_user_2, 4000)
        sales_2 = self.confirmed(self.other_customer, self.salesman, 5000)
        orders = own_1 | sales_1 | other_on_1 | own_2 | sales_2
        former = new_test_user(
            self.env, login="kam_former", name="Fred Former", groups=KAM_USER
        )
        self.add_member(
            self.account,
            former,
            self.role_solution,
            date_from=fields.Date.today() - relativedelta(years=2),
            date_to=fields.Date.today() - relativedelta(days=1),
        )
        all_docs = new_test_user(
            self.env,
            login="kam_all_docs",
            name="Alma Alldocs",
            groups=f"{KAM_USER},sales_team.group_sale_salesman_all_leads",
        )

        def seen(user):
            return (
                self.env["kam.lane.report"]
                .with_user(user)
                .search([("order_id", "in", orders.ids)])
                .order_id
            )

        self.assertEqual(seen(self.kam_user), own_1 | sales_1 | other_on_1)
        self.assertEqual(seen(self.kam_user_2), other_on_1 | own_2 | sales_2)
        self.assertFalse(seen(former))
        self.assertEqual(seen(self.kam_manager), orders)
        self.assertEqual(seen(all_docs), orders)
        # The totals follow the rows.
        groups = (
            self.env["kam.lane.report"]
            .with_user(self.kam_user_2)
            .read_group(
                [("order_id", "in", orders.ids)], ["amount:sum"], ["account_id"]
            )
        )
        self.assertEqual(
            {g["account_id"][0]: g["amount"] for g in groups},
            {self.account.id: 3000, self.other_account.id: 9000},
        )
        # Without Key Accounts rights: no analysis.
        with self.assertRaises(AccessError):
            self.env["kam.lane.report"].with_user(self.salesman).search([])

    def test_lanes_report_in_the_current_company_currency(self):
        """Two companies of two currencies (2 units of the second per unit of the
        first): each order counts in the currency of the company the user works
        in, at Odoo's current rates (as the sales analysis)."""
        foreign = self.foreign_currency(2.0)
        company_2 = self.env["res.company"].create(
            {"name": "KAM Euro Company", "currency_id": foreign.id}
        )
        # The first company's currency seen from the second: half a unit.
        self.env["res.currency.rate"].create(
            {
                "currency_id": self.currency.id,
                "rate": 0.5,
                "name": "2020-01-01",
                "company_id": company_2.id,
            }
        )
        user = new_test_user(
            self.env,
            login="kam_both",
            name="Bo Both",
            groups=KAM_USER,
            company_id=self.company.id,
            company_ids=[Command.set((self.company | company_2).ids)],
        )
        account_2 = self.make_account(self.customer, user, company=company_2)
        self.add_member(self.account, user, self.role_solution)
        pricelist_2 = self.env["product.pricelist"].create(
            {
                "name": "Nordwind Terms 2",
                "currency_id": foreign.id,
                "company_id": company_2.id,
            }
        )
        order_1 = self.confirmed(self.customer, user, 12000)
        order_2 = self.confirmed(
            self.customer, user, 7000, company=company_2, pricelist=pricelist_2
        )
        self.assertEqual(order_2.currency_id, foreign)
        Report = self.env["kam.lane.report"].with_user(user)
        for companies, currency, amounts in (
            (self.company | company_2, self.currency, [12000, 3500]),
            (company_2 | self.company, foreign, [24000, 7000]),
        ):
            with self.subTest(current=companies[0].name):
                # The rows' values are cached whatever the company: as in a new
                # request, read them afresh.
                self.env.invalidate_all()
                rows = Report.with_context(allowed_company_ids=companies.ids).search(
                    [("order_id", "in", (order_1 | order_2).ids)]
                )
                self.assertRecordValues(
                    rows.sorted(lambda r: r.order_id.id),
                    [
                        {
                            "order_id": order_1.id,
                            "account_id": self.account.id,
                            "currency_id": currency.id,
                            "amount": amounts[0],
                        },
                        {
                            "order_id": order_2.id,
                            "account_id": account_2.id,
                            "currency_id": currency.id,
                            "amount": amounts[1],
                        },
                    ],
                )
                groups = Report.with_context(
                    allowed_company_ids=companies.ids
                ).read_group(
                    [("order_id", "in", (order_1 | order_2).ids)],
                    ["amount:sum"],
                    ["lane"],
                )
                self.assertEqual(
                    [(g["lane"], g["amount"]) for g in groups],
                    [("direct", sum(amounts))],
                )
        # Working in one company, the user sees its rows only.
        self.env.invalidate_all()
        rows = Report.with_context(allowed_company_ids=company_2.ids).search(
            [("order_id", "in", (order_1 | order_2).ids)]
        )
        self.assertRecordValues(rows, [{"order_id": order_2.id, "amount": 7000}])

    # ------------------------------------------------------------------ queries
    def _fast_lane_count_queries(self, size, budget=FAST_LANE_COUNT_QUERY_BUDGET):
        """`size` key accounts, each with a fast-lane order of the customer and one
        of its contact, a cancelled one and an order outside the fast lane."""
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [{"name": f"Batch {size}-{i}", "is_company": True} for i in range(size)]
        )
        contacts = Partner.create(
            [{"name": f"Buyer of {p.name}", "parent_id": p.id} for p in partners]
        )
        accounts = self.env["kam.account"].create(
            [{"partner_id": p.id, "state": "allocated"} for p in partners]
        )

        def orders(customers, **context):
            return (
                self.env["sale.order"]
                .with_context(**context)
                .create(
                    [
                        {
                            "partner_id": customer.id,
                            "order_line": [
                                Command.create(
                                    {"product_id": self.product.id, "price_unit": 100}
                                )
                            ],
                        }
                        for customer in customers
                    ]
                )
            )

        orders(partners | contacts, default_kam_fast_lane=True)
        orders(partners, default_kam_fast_lane=True).action_cancel()
        orders(partners)
        self.env.flush_all()
        self.env.invalidate_all()
        accounts = accounts.with_user(self.kam_user)
        if budget is None:
            counts = accounts.mapped("fast_lane_order_count")
        else:
            with self.assertQueryCount(budget):
                counts = accounts.mapped("fast_lane_order_count")
        self.assertEqual(counts, [2] * size)

    def test_fast_lane_count_query_budget(self):
        """One budget for 1 and for 10 accounts: the count does not grow with them."""
        # A first run fills the per-user caches (access rules, groups).
        self._fast_lane_count_queries(2, budget=None)
        self._fast_lane_count_queries(1)
        self._fast_lane_count_queries(10)
