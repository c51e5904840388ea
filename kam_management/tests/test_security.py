from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestSecurity(KamCommon):
    def test_groups(self):
        manager_group = self.env.ref("kam_management.group_kam_manager")
        user_group = self.env.ref("kam_management.group_kam_user")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertEqual(manager_group.category_id, user_group.category_id)
        self.assertEqual(user_group.category_id.name, "Key Accounts")
        self.assertTrue(self.kam_manager.has_group("kam_management.group_kam_user"))
        self.assertTrue(self.kam_user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.kam_user.has_group("kam_management.group_kam_manager"))

    def _visible_menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {
            xmlid: self.env.ref(f"kam_management.{xmlid}").id in menus
            for xmlid in (
                "kam_menu_root",
                "res_partner_menu_key_accounts",
                "res_partner_menu_candidates",
                "res_partner_menu_allocation",
                "res_partner_menu_lifecycle",
                "crm_lead_menu_key_accounts",
                "sale_order_menu_key_accounts",
                "res_config_settings_menu",
            )
        }

    def test_menus_per_group(self):
        user_menus = self._visible_menus(self.kam_user)
        self.assertFalse(user_menus.pop("res_config_settings_menu"))
        self.assertTrue(all(user_menus.values()), user_menus)
        manager_menus = self._visible_menus(self.kam_manager)
        # Odoo's settings screen also needs the Settings right, as for every app.
        self.assertFalse(manager_menus.pop("res_config_settings_menu"))
        self.assertTrue(all(manager_menus.values()), manager_menus)
        self.kam_manager.groups_id |= self.env.ref("base.group_system")
        self.assertTrue(all(self._visible_menus(self.kam_manager).values()))
        # Without the root menu nothing below it is reachable.
        self.assertFalse(self._visible_menus(self.salesman)["kam_menu_root"])

    def test_user_changes_only_covered_accounts(self):
        self.account.with_user(self.kam_user).kam_is_key_account = True
        self.assertTrue(self.account.kam_is_key_account)
        with self.assertRaisesMessage(
            AccessError, "Sunrise Foods: ask their account manager"
        ):
            self.other_account.with_user(self.kam_user).kam_is_key_account = True
        self.assertFalse(self.other_account.kam_is_key_account)
        # Both in one write: refused as a whole, nothing half-written.
        both = (self.account | self.other_account).with_user(self.kam_user)
        with self.assertRaises(AccessError):
            both.kam_is_key_account = False
        self.assertTrue(self.account.kam_is_key_account)

    def test_user_cannot_create_key_account_for_someone_else(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.kam_user).create(
                {
                    "name": "Orphan Mining",
                    "is_company": True,
                    "kam_is_key_account": True,
                    "user_id": self.kam_user_2.id,
                }
            )
        self.assertFalse(
            self.env["res.partner"].search_count([("name", "=", "Orphan Mining")])
        )

    def test_manager_changes_every_account(self):
        (self.account | self.other_account).with_user(
            self.kam_manager
        ).kam_is_key_account = True
        self.assertTrue(self.other_account.kam_is_key_account)
        key_accounts = (
            self.env["res.partner"]
            .with_user(self.kam_manager)
            .search(
                [
                    ("kam_is_key_account", "=", True),
                    ("id", "in", self.account.ids + self.other_account.ids),
                ]
            )
        )
        self.assertEqual(key_accounts, self.account | self.other_account)

    def test_plain_salesperson_sees_no_kam_data(self):
        partner = self.account.with_user(self.salesman)
        self.assertEqual(partner.name, "Nordwind Logistics")
        with self.assertRaises(AccessError):
            partner.read(["kam_is_key_account"])
        with self.assertRaises(AccessError):
            partner.write({"kam_is_key_account": True})
        # The KAM tab is not even sent to the browser for them.
        arch = partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('<page name="kam_key_account"', arch)
        views = self.account.with_user(self.kam_user).get_views([(False, "form")])
        self.assertIn('<page name="kam_key_account"', views["views"]["form"]["arch"])
