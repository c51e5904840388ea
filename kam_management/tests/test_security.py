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
                "kam_account_menu",
                "kam_account_menu_my",
                "kam_account_menu_nominated",
                "kam_key_person_menu",
                "kam_account_member_menu_board",
                "kam_account_menu_quadrant",
                "kam_account_menu_lifecycle",
                "crm_lead_menu_key_accounts",
                "sale_order_menu_key_accounts",
                "kam_menu_configuration",
                "res_config_settings_menu",
            )
        }

    def test_menus_per_group(self):
        user_menus = self._visible_menus(self.kam_user)
        self.assertFalse(user_menus.pop("res_config_settings_menu"))
        self.assertFalse(user_menus.pop("kam_menu_configuration"))
        self.assertTrue(all(user_menus.values()), user_menus)
        manager_menus = self._visible_menus(self.kam_manager)
        # Odoo's settings screen also needs the Settings right, as for every app.
        self.assertFalse(manager_menus.pop("res_config_settings_menu"))
        self.assertTrue(all(manager_menus.values()), manager_menus)
        self.kam_manager.groups_id |= self.env.ref("base.group_system")
        self.assertTrue(all(self._visible_menus(self.kam_manager).values()))
        # Without the root menu nothing below it is reachable.
        self.assertFalse(self._visible_menus(self.salesman)["kam_menu_root"])

    def test_plain_salesperson_sees_no_kam_data(self):
        partner = self.customer.with_user(self.salesman)
        self.assertEqual(partner.name, "Nordwind Logistics")
        for field in ("kam_account_ids", "kam_account_count", "kam_key_person_ids"):
            with self.assertRaises(AccessError):
                partner.read([field])
        with self.assertRaises(AccessError):
            self.env["kam.account"].with_user(self.salesman).search([])
        # The key-account button and tabs are not even sent to the browser for them.
        arch = partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("kam_account_count", arch)
        self.assertNotIn("kam_key_person_ids", arch)
        # ...but the way to nominate is.
        self.assertIn("action_kam_nominate", arch)
        arch = self.customer.with_user(self.kam_user).get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertIn("kam_account_count", arch)

    def test_every_model_has_access_rights_and_rules(self):
        models = self.env["ir.model"].search(
            [("model", "=like", "kam.%"), ("transient", "=", False)]
        )
        abstract = {name for name in models.mapped("model") if self.env[name]._abstract}
        for model in models.filtered(lambda m: m.model not in abstract):
            self.assertTrue(model.access_ids, f"{model.model} has no access rights")
            for access in model.access_ids:
                self.assertFalse(
                    access.group_id.share or not access.group_id,
                    f"{model.model}: no access for portal or everyone",
                )
            if "company_id" in self.env[model.model]._fields:
                self.assertTrue(model.rule_ids, f"{model.model} has no record rule")
