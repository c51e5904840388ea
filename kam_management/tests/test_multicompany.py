"""Two companies, one customer: each company keeps its own key account, team,
figures and class, and its users see and change only their companies' accounts."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KAM_MANAGER, KAM_USER, KamClassificationCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(KamClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {
                "name": "KAM Company B",
                "currency_id": cls.company.currency_id.id,
                "kam_potential_threshold": 500000,
                "kam_contribution_threshold": 100000,
            }
        )
        cls.user_b = cls.company_user("kam_user_b", "Bo User", KAM_USER, cls.company_b)
        cls.manager_b = cls.company_user(
            "kam_manager_b", "Bea Manager", KAM_MANAGER, cls.company_b
        )
        # Estimation rules are per company too: B's own, with the same ratio.
        cls.env["kam.estimation.rule"].create(
            {
                "name": "Per employee (B)",
                "basis": "headcount",
                "spend_per_employee": 1000,
                "company_id": cls.company_b.id,
                "currency_id": cls.company_b.currency_id.id,
            }
        )
        cls.account_b = cls.make_account(
            cls.customer, cls.user_b, company=cls.company_b
        )
        # The same customer: big buyer in A, small in B; the same potential.
        for account in (cls.account, cls.account_b):
            account.write({"headcount": 900})
        cls.order(cls, cls.customer, 150000)
        cls.order(cls, cls.customer, 20000, company=cls.company_b)

    def test_same_customer_classified_per_company(self):
        self.classify(self.account, self.kam_user)
        self.classify(self.account_b.with_company(self.company_b), self.user_b)
        self.assertEqual(self.account.contribution, 150000)
        self.assertEqual(self.account_b.contribution, 20000)
        self.assertEqual(self.account.account_class, "A")
        self.assertEqual(self.account_b.account_class, "C")
        # Running one company's engine leaves the other's class alone.
        self.classify(self.account, self.kam_user)
        self.assertEqual(self.account_b.account_class, "C")
        # Each company's thresholds: B raises its contribution bar.
        self.company_b.kam_contribution_threshold = 10000
        self.classify(self.account_b.with_company(self.company_b), self.user_b)
        self.assertEqual(self.account_b.account_class, "A")
        self.company.kam_potential_threshold = 1000000
        self.classify(self.account, self.kam_user)
        self.assertEqual(self.account.account_class, "B")
        self.assertEqual(self.account_b.account_class, "A")

    def test_users_see_and_change_only_their_companies(self):
        Account = self.env["kam.account"]
        self.assertEqual(
            Account.with_user(self.user_b).search(
                [("partner_id", "=", self.customer.id)]
            ),
            self.account_b,
        )
        self.assertEqual(
            Account.with_user(self.kam_user).search(
                [("partner_id", "=", self.customer.id)]
            ),
            self.account,
        )
        with self.assertRaises(AccessError):
            self.account.with_user(self.user_b).read(["account_class"])
        with self.assertRaises(AccessError):
            self.account.with_user(self.manager_b).write({"headcount": 1})
        self.account_b.with_user(self.manager_b).write({"headcount": 1})
        self.assertEqual(self.account_b.headcount, 1)
        self.assertEqual(self.account.headcount, 900)
        # The same person, portrayed by each company on its own account.
        person = self.env["res.partner"].create(
            {"name": "Hana Dual", "parent_id": self.customer.id}
        )
        KeyPerson = self.env["kam.key.person"]
        in_a = KeyPerson.with_user(self.kam_user).create(
            {"account_id": self.account.id, "partner_id": person.id, "closeness": "5"}
        )
        in_b = KeyPerson.with_user(self.user_b).create(
            {"account_id": self.account_b.id, "partner_id": person.id, "closeness": "1"}
        )
        self.assertEqual((in_a.stance, in_b.stance), ("supporter", "opponent"))
        self.assertEqual(in_b.company_id, self.company_b)
        with self.assertRaises(AccessError):
            in_a.with_user(self.user_b).read(["closeness"])
        # The contact shows the portraits the user may read, and only those (as a
        # request would: the cache is shared by the users of one transaction).
        self.env.invalidate_all()
        self.assertEqual(person.with_user(self.user_b).kam_key_person_ids, in_b)
        self.env.invalidate_all()
        self.assertEqual(person.with_user(self.kam_user).kam_key_person_ids, in_a)

    def test_cron_classifies_each_company_with_its_own_orders(self):
        self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(self.account.account_class, "A")
        self.assertEqual(self.account_b.account_class, "C")
        self.assertEqual(
            self.account_b.class_history_ids.currency_id, self.company_b.currency_id
        )
