from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class KamCommon(TransactionCase):
    """Users of each Key Accounts group, a plain salesperson, and a few companies.

    Tests act as these users; none of them is admin.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_user = new_test_user(
            cls.env,
            login="kam_user",
            name="Kara Account",
            groups="base.group_user,kam_management.group_kam_user",
        )
        cls.kam_user_2 = new_test_user(
            cls.env,
            login="kam_user_2",
            name="Kim Other",
            groups="base.group_user,kam_management.group_kam_user",
        )
        cls.kam_manager = new_test_user(
            cls.env,
            login="kam_manager",
            name="Mona Manager",
            groups="base.group_user,kam_management.group_kam_manager",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="plain_salesman",
            name="Sam Sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        Partner = cls.env["res.partner"]
        cls.account = Partner.create(
            {
                "name": "Nordwind Logistics",
                "is_company": True,
                "user_id": cls.kam_user.id,
            }
        )
        cls.other_account = Partner.create(
            {"name": "Sunrise Foods", "is_company": True, "user_id": cls.kam_user_2.id}
        )
        cls.contact = Partner.create(
            {
                "name": "Lena Buyer",
                "parent_id": cls.account.id,
                "function": "Purchasing",
            }
        )

    @contextmanager
    def assertRaisesMessage(self, exception, fragment):
        """assertRaises (which rolls the failed operation back, unlike unittest's
        assertRaisesRegex) and a check of what the user is told."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(fragment, str(caught.exception))
