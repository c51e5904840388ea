import logging
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.kam_management.models.kam_classification import kam_class_of

from .common import KamClassificationCommon

_logger = logging.getLogger(__name__)

# Queries of one classification run, whatever the number of accounts (measured: 10
# and 100 accounts take 17 each).
CLASSIFY_QUERY_BUDGET = 17


@tagged("post_install", "-at_install")
class TestClassification(KamClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.headcount = 10

    def set_potential(self, account, amount, user=None):
        """The account manager enters a potential by hand and recomputes."""
        account = account.with_user(user or self.kam_user)
        account.write(
            {
                "potential_manual": True,
                "potential_manual_amount": amount,
                "potential_rationale": "Test figure",
            }
        )
        account.action_kam_classify()

    def test_class_table(self):
        self.assertEqual(kam_class_of(True, True), "A")
        self.assertEqual(kam_class_of(False, True), "B")
        self.assertEqual(kam_class_of(True, False), "C")
        self.assertEqual(kam_class_of(False, False), "D")

    def test_contribution_window_and_currencies(self):
        self.order(self.customer, 30000, days_ago=30)
        self.order(self.contact, 20000, days_ago=200)  # a contact's order counts
        self.order(self.customer, 50000, days_ago=400)  # outside the 12 months
        self.order(self.customer, 70000, confirm=False)  # a quotation does not count
        self.order(self.other_customer, 90000)  # another customer
        self.classify(self.account)
        self.assertEqual(self.account.contribution, 50000)
        self.company.kam_contribution_months = 24
        self.classify(self.account)
        self.assertEqual(self.account.contribution, 100000)
        # An order in another currency counts at its own rate: 2 units per company unit.
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": self.foreign_currency(2.0).id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 8000})
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.currency_id, pricelist.currency_id)
        self.classify(self.account)
        self.assertAlmostEqual(self.account.contribution, 104000, places=2)
        self.assertEqual(self.other_account.contribution, 0)

    def test_contribution_per_company(self):
        """Each company counts its own orders for its own key account of the
        customer, with its own thresholds."""
        company_2 = self.env["res.company"].create(
            {"name": "KAM Second Company", "currency_id": self.currency.id}
        )
        company_2.kam_contribution_threshold = 10000
        account_2 = self.make_account(self.customer, self.kam_user_2, company=company_2)
        account_2.headcount = 10
        self.order(self.customer, 120000)
        self.order(self.customer, 20000, company=company_2)
        self.env["kam.classification"]._cron_kam_classify()
        self.assertRecordValues(
            self.account | account_2,
            [
                {"contribution": 120000, "account_class": "B", "due": False},
                {"contribution": 20000, "account_class": "B", "due": False},
            ],
        )
        self.assertEqual(account_2.class_history_ids.company_id, company_2)

    def test_class_boundaries(self):
        account = self.account
        self.order(self.customer, 100000)
        self.set_potential(account, 500000)
        self.assertEqual(account.account_class, "A")  # both exactly at the threshold
        self.set_potential(account, 499999.99)
        self.assertEqual(account.account_class, "B")
        self.order(self.customer, -0.01)  # a credit brings contribution just below
        self.classify(account)
        self.assertEqual(account.account_class, "D")
        self.set_potential(account, 500000)
        self.assertEqual(account.account_class, "C")
        self.assertEqual(
            account.class_history_ids.sorted("id").mapped("new_class"),
            ["A", "B", "D", "C"],
        )

    def test_classify_needs_a_figure(self):
        with self.assertRaisesMessage(
            UserError, "Sunrise Foods: no headcount, annual revenue or potential"
        ):
            self.other_account.with_user(self.kam_user_2).action_kam_classify()
        self.assertFalse(self.other_account.classified_date)

    def test_override_and_history(self):
        account = self.account.with_user(self.kam_user)
        self.set_potential(self.account, 900000)
        self.assertEqual(account.account_class, "C")
        with self.assertRaisesMessage(ValidationError, "say why you set class A"):
            account.class_override = "A"
        self.assertFalse(account.class_override)
        account.write(
            {
                "class_override": "A",
                "class_override_reason": "Framework contract signed last week",
            }
        )
        # The override is an input: the engine applies it when it runs.
        self.assertTrue(account.due)
        account.action_kam_classify()
        self.assertEqual((account.account_class, account.computed_class), ("A", "C"))
        last = account.class_history_ids[0]
        self.assertRecordValues(
            last,
            [
                {
                    "old_class": "C",
                    "new_class": "A",
                    "reason": "Framework contract signed last week",
                    "user_id": self.kam_user.id,
                    "potential": 900000,
                    "contribution": 0,
                    "account_id": self.account.id,
                }
            ],
        )
        # Recomputing keeps the override; removing it returns to the computed class.
        self.classify(self.account)
        self.assertEqual(account.account_class, "A")
        account.write({"class_override": False, "class_override_reason": False})
        account.action_kam_classify()
        self.assertEqual(account.account_class, "C")
        # C (first run), A (by hand), C.
        self.assertEqual(len(account.class_history_ids), 3)

    def test_figures_are_the_engines(self):
        account = self.account.with_user(self.kam_user)
        for field in ("account_class", "contribution", "potential", "due"):
            with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
                account.write({field: "A" if field == "account_class" else 1})
        self.assertFalse(self.account.account_class)

    def test_override_of_an_account_not_covered(self):
        as_other = self.other_account.with_user(self.kam_user)
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            as_other.write({"class_override": "A", "class_override_reason": "Because"})
        # Nor may they run the engine on it.
        self.other_account.headcount = 10
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            as_other.action_kam_classify()
        self.assertFalse(self.other_account.class_override)
        self.assertFalse(self.other_account.class_history_ids)
        with self.assertRaises(AccessError):
            self.account.with_user(self.salesman).action_kam_classify()

    def test_edit_runs_no_engine_until_the_cron(self):
        """A team member's edit of the inputs and a salesperson's confirmed order
        only mark the account due and wake the scheduled action; it classifies."""
        cron = self.env.ref("kam_management.ir_cron_kam_classify")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        self.classify(self.account)  # class D, not due
        self.assertFalse(self.account.due)
        history = self.account.class_history_ids
        self.account.with_user(self.kam_user).headcount = 800
        self.assertTrue(self.account.due)
        self.assertTrue(Trigger.search([("cron_id", "=", cron.id)]) - triggers)
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.contact.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 150000}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        # No engine ran: figures, class and history are those of the last run.
        self.assertRecordValues(
            self.account,
            [{"account_class": "D", "potential": 10000, "contribution": 0}],
        )
        self.assertEqual(self.account.class_history_ids, history)
        self.env["kam.classification"]._cron_kam_classify()
        self.assertRecordValues(
            self.account,
            [
                {
                    "account_class": "A",
                    "potential": 800000,
                    "contribution": 150000,
                    "due": False,
                }
            ],
        )
        new = self.account.class_history_ids - history
        self.assertRecordValues(
            new,
            [{"old_class": "D", "new_class": "A", "reason": "Scheduled recomputation"}],
        )

    def test_cron_classifies_and_customer_evaluation_qualifies(self):
        """The scheduled classification decides the class; whether the account still
        qualifies is the customer evaluation's, once per period of the company's
        interval (3 months), created by the evaluations' scheduled action."""
        # Only this account takes part (the database's own are archived).
        self.env["kam.account"].search([("id", "!=", self.account.id)]).active = False
        # A key account since January: its first customer evaluation is Q1's.
        self.account.since_date = date(2026, 1, 10)
        self.order(self.customer, 120000)
        self.account.with_user(self.kam_user).headcount = 800

        def scheduled_actions():
            self.env["kam.classification"]._cron_kam_classify()
            # One run per kind of evaluation due, at most four.
            for _kind in range(4):
                self.env["kam.evaluation"]._cron_kam_evaluations()

        def customer_evaluations():
            return self.account.evaluation_ids.filtered(lambda e: e.kind == "customer")

        with freeze_time("2026-03-02 08:00:00"):
            scheduled_actions()
        self.assertEqual(self.account.account_class, "A")
        # Classified, not qualified again: Q1 has not ended.
        self.assertFalse(self.account.qualification_ids)
        self.assertFalse(customer_evaluations())
        with freeze_time("2026-04-01 08:00:00"):
            scheduled_actions()
        # 800 employees x 1,000: 800,000 of potential qualifies ("either").
        self.assertTrue(self.account.qualified)
        self.assertRecordValues(
            self.account.qualification_ids,
            [{"qualified": True, "potential": 800000, "method": "either"}],
        )
        self.assertEqual(customer_evaluations().period_start, date(2026, 1, 1))
        self.assertIs(customer_evaluations().snapshot["qualified"], True)
        # Nothing again the same day, and no qualification again before the next
        # period has ended.
        with freeze_time("2026-04-01 18:00:00"):
            scheduled_actions()
        self.assertEqual(len(self.account.class_history_ids), 1)
        self.assertEqual(len(self.account.qualification_ids), 1)
        with freeze_time("2026-06-30 08:00:00"):
            scheduled_actions()
        self.assertEqual(len(self.account.qualification_ids), 1)
        with freeze_time("2026-07-01 08:00:00"):
            scheduled_actions()
        self.assertEqual(len(self.account.qualification_ids), 2)
        self.assertEqual(
            sorted(customer_evaluations().mapped("period_start")),
            [date(2026, 1, 1), date(2026, 4, 1)],
        )

    @mute_logger("odoo.addons.kam_management.models.kam_classification")
    def test_cron_skips_a_failing_account(self):
        """An account whose figures cannot be computed (a revenue in a currency
        without any rate) stays due; the others are classified."""
        currency = self.env["res.currency"].create(
            {"name": "KMZ", "symbol": "K", "rounding": 0.01}
        )
        self.other_account.with_user(self.kam_user_2).write(
            {"annual_revenue": 1000000, "revenue_currency_id": currency.id}
        )
        self.account.with_user(self.kam_user).headcount = 800
        failed = self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(list(failed), [self.other_account])
        self.assertIn("no exchange rate for KMZ", failed[self.other_account])
        self.assertRecordValues(
            self.account | self.other_account,
            [
                {"account_class": "C", "due": False},
                {"account_class": False, "due": True},
            ],
        )

    def _make_accounts(self, size):
        """`size` key accounts covered by kam_user, of the four classes in turn."""
        partners = self.env["res.partner"].create(
            [{"name": f"Batch {size}-{i}", "is_company": True} for i in range(size)]
        )
        accounts = self.env["kam.account"].create(
            [
                {
                    "partner_id": partner.id,
                    "state": "allocated",
                    "headcount": 1000 if i % 2 else 10,
                }
                for i, partner in enumerate(partners)
            ]
        )
        self.env["kam.account.member"].create(
            [
                {
                    "account_id": account.id,
                    "role_id": self.role_am.id,
                    "user_id": self.kam_user.id,
                    "date_from": "2020-01-01",
                }
                for account in accounts
            ]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 150000}
                        )
                    ],
                }
                for i, partner in enumerate(partners)
                if i % 4 < 2
            ]
        )
        orders.action_confirm()
        return accounts

    def _classify_queries(self, size, budget=CLASSIFY_QUERY_BUDGET):
        accounts = self._make_accounts(size)
        self.env.flush_all()
        self.env.invalidate_all()
        Engine = self.env["kam.classification"].with_user(self.kam_user)
        before = self.env.cr.sql_log_count
        if budget is None:
            Engine._kam_classify(accounts.with_user(self.kam_user))
        else:
            with self.assertQueryCount(budget):
                Engine._kam_classify(accounts.with_user(self.kam_user))
        used = self.env.cr.sql_log_count - before
        self.assertEqual(set(accounts.mapped("account_class")), {"A", "B", "C", "D"})
        self.assertEqual(len(accounts.class_history_ids), size)
        return used

    def test_query_count_does_not_grow(self):
        """One budget for 10 and for 100 accounts. (Their exact counts may differ
        by one from one run to the next, not with the number of accounts: the
        budget is the check, not their equality.)"""
        # Two first runs fill the per-user caches (access rules, groups, rates).
        self._classify_queries(4, budget=None)
        self._classify_queries(4, budget=None)
        small, large = self._classify_queries(10), self._classify_queries(100)
        _logger.info(
            "classification queries: 10 accounts %s, 100 accounts %s", small, large
        )
