import logging

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.kam_management.models.kam_classification import kam_class_of

from .common import KamClassificationCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestClassification(KamClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"kam_is_key_account": True, "kam_headcount": 10})

    def set_potential(self, account, amount):
        account.with_user(self.kam_manager).write(
            {
                "kam_potential_manual": True,
                "kam_potential_manual_amount": amount,
                "kam_potential_rationale": "Test figure",
            }
        )

    def test_class_table(self):
        self.assertEqual(kam_class_of(True, True), "A")
        self.assertEqual(kam_class_of(False, True), "B")
        self.assertEqual(kam_class_of(True, False), "C")
        self.assertEqual(kam_class_of(False, False), "D")

    def test_contribution_window_and_currencies(self):
        self.order(self.account, 30000, days_ago=30)
        self.order(self.contact, 20000, days_ago=200)  # a contact's order counts
        self.order(self.account, 50000, days_ago=400)  # outside the 12 months
        self.order(self.account, 70000, confirm=False)  # a quotation does not count
        self.order(self.other_account, 90000)  # another customer
        self.classify(self.account)
        self.assertEqual(self.account.kam_contribution, 50000)
        self.company.kam_contribution_months = 24
        self.classify(self.account)
        self.assertEqual(self.account.kam_contribution, 100000)
        # An order in another currency counts at its own rate: 2 units per company unit.
        other = self.env.ref("base.EUR")
        if other == self.currency:
            other = self.env.ref("base.USD")
        other.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", other.id)]).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "rate": 2.0, "name": "2020-01-01"}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": other.id}
        )
        self.order(self.account, 8000, pricelist=pricelist)
        self.classify(self.account)
        self.assertAlmostEqual(self.account.kam_contribution, 104000, places=2)

    def test_class_boundaries(self):
        account = self.account
        self.order(account, 100000)
        self.set_potential(account, 500000)
        self.assertEqual(account.kam_class, "A")  # both exactly at the threshold
        self.set_potential(account, 499999.99)
        self.assertEqual(account.kam_class, "B")
        self.order(account, -0.01)  # a credit brings contribution just below
        self.classify(account)
        self.assertEqual(account.kam_class, "D")
        self.set_potential(account, 500000)
        self.assertEqual(account.kam_class, "C")
        self.assertEqual(
            account.kam_class_history_ids.sorted("id").mapped("new_class"),
            ["D", "A", "B", "D", "C"],  # D: flagged with a headcount of 10
        )

    def test_override_and_history(self):
        account = self.account.with_user(self.kam_user)
        self.set_potential(self.account, 900000)
        self.assertEqual(account.kam_class, "C")
        with self.assertRaisesMessage(ValidationError, "say why you set class A"):
            account.kam_class_override = "A"
        self.assertEqual(account.kam_class, "C")
        account.write(
            {
                "kam_class_override": "A",
                "kam_class_override_reason": "Framework contract signed last week",
            }
        )
        self.assertEqual((account.kam_class, account.kam_class_computed), ("A", "C"))
        last = account.kam_class_history_ids[0]
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
                }
            ],
        )
        # Recomputing keeps the override; removing it returns to the computed class.
        self.classify(self.account)
        self.assertEqual(account.kam_class, "A")
        account.write({"kam_class_override": False, "kam_class_override_reason": False})
        self.assertEqual(account.kam_class, "C")
        # D when flagged (setUpClass), then C, A (by hand), C.
        self.assertEqual(len(account.kam_class_history_ids), 4)

    def test_override_of_an_account_not_covered(self):
        self.other_account.kam_is_key_account = True
        with self.assertRaises(AccessError):
            self.other_account.with_user(self.kam_user).write(
                {"kam_class_override": "A", "kam_class_override_reason": "Because"}
            )

    def _classify_queries(self, size):
        Partner = self.env["res.partner"]
        accounts = Partner.create(
            [
                {
                    "name": f"Batch {size}-{i}",
                    "is_company": True,
                    "kam_is_key_account": True,
                    "user_id": self.kam_user.id,
                    "kam_headcount": 1000 if i % 2 else 10,
                }
                for i in range(size)
            ]
        )
        for i, account in enumerate(accounts):
            if i % 4 < 2:
                self.order(account, 150000, confirm=False)
        self.env["sale.order"].search(
            [("partner_id", "in", accounts.ids), ("state", "=", "draft")]
        ).action_confirm()
        self.env.flush_all()
        self.env.invalidate_all()
        Engine = self.env["kam.classification"].with_user(self.kam_user)
        before = self.env.cr.sql_log_count
        Engine._kam_classify(accounts.with_user(self.kam_user))
        used = self.env.cr.sql_log_count - before
        self.assertEqual(set(accounts.mapped("kam_class")), {"A", "B", "C", "D"})
        return used

    def test_query_count_does_not_grow(self):
        self._classify_queries(4)  # fills the per-user caches once
        small, large = self._classify_queries(10), self._classify_queries(100)
        _logger.info(
            "classification queries: 10 accounts %s, 100 accounts %s", small, large
        )
        self.assertEqual(small, large)

    def test_cron_classifies_and_qualifies_due_accounts(self):
        self.order(self.account, 120000)
        self.account.kam_headcount = 800
        self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(self.account.kam_class, "A")
        self.assertTrue(self.account.kam_qualified)
        self.assertEqual(len(self.account.kam_qualification_ids), 1)
        # Qualified recently: not again before the evaluation interval.
        self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(len(self.account.kam_qualification_ids), 1)
