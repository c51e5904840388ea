from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestCoverage(KamNetworkCommon):
    """Ways around the coverage rule that must stay closed."""

    def test_portrait_through_context_defaults(self):
        Partner = self.env["res.partner"].with_user(self.kam_user_2)
        with self.assertRaises(AccessError):
            Partner.with_context(
                default_kam_is_key_person=True, default_kam_closeness="5"
            ).create({"name": "Planted Fan", "parent_id": self.account.id})
        self.assertFalse(Partner.sudo().search([("name", "=", "Planted Fan")]))
        # In an account they cover, the default portrait is taken and its history kept.
        fan = (
            self.env["res.partner"]
            .with_user(self.kam_user)
            .with_context(default_kam_closeness="5")
            .create({"name": "Real Fan", "parent_id": self.account.id})
        )
        self.assertEqual(fan.kam_portrait_history_ids.new_level, "5")

    def test_moving_a_portrayed_contact(self):
        fan = self.env["res.partner"].create(
            {"name": "Mobile Fan", "parent_id": self.account.id, "kam_closeness": "5"}
        )
        with self.assertRaises(AccessError):
            fan.with_user(self.kam_user_2).write({"parent_id": self.other_account.id})
        # Even its own account manager cannot move it into an account they do not cover.
        with self.assertRaises(AccessError):
            fan.with_user(self.kam_user).parent_id = self.other_account
        self.assertEqual(fan.parent_id, self.account)
        # A reporting line cannot cross customers either.
        with self.assertRaisesMessage(ValidationError, "different customers"):
            self.cfo.with_user(self.kam_manager).parent_id = self.other_account

    def test_handover_of_a_key_account(self):
        self.account.kam_is_key_account = True
        with self.assertRaisesMessage(AccessError, "can hand over a key account"):
            self.account.with_user(self.kam_user_2).user_id = self.kam_user_2
        self.assertEqual(self.account.user_id, self.kam_user)
        self.account.with_user(self.kam_user).user_id = self.kam_user_2
        self.assertEqual(self.account.user_id, self.kam_user_2)
        # A plain salesperson may still change the salesperson of ordinary customers.
        self.other_person.with_user(self.salesman).user_id = self.salesman

    def test_competitor_flag_is_for_managers(self):
        rival = self.env["res.partner"].create(
            {"name": "New Rival", "is_company": True}
        )
        with self.assertRaises(AccessError):
            rival.with_user(self.kam_user).kam_is_competitor = True
        rival.with_user(self.kam_manager).kam_is_competitor = True
        self.assertTrue(rival.kam_is_competitor)

    def test_moving_an_influence_to_another_account(self):
        influence = self.influence(self.ours, self.cfo)
        with self.assertRaises(AccessError):
            influence.with_user(self.kam_user).influenced_id = self.other_person
        self.assertEqual(influence.influenced_id, self.cfo)

    def test_changing_the_customer_under_a_chain(self):
        self.env["kam.decision.member"].create(
            {"lead_id": self.lead.id, "partner_id": self.cfo.id}
        )
        with self.assertRaisesMessage(ValidationError, "Paul Berg"):
            self.lead.with_user(self.kam_user).partner_id = self.other_account
        self.assertEqual(self.lead.partner_id, self.account)

    def test_system_fields_are_not_written_by_users(self):
        self.account.kam_is_key_account = True
        for vals in (
            {"kam_class": "A"},
            {"kam_qualified": True},
            {"kam_contribution": 1e9},
        ):
            with self.assertRaisesMessage(AccessError, "computed by Key Accounts"):
                self.account.with_user(self.kam_user).write(vals)
            with self.assertRaisesMessage(AccessError, "computed by Key Accounts"):
                self.env["res.partner"].with_user(self.kam_manager).create(
                    {"name": "Forged", "is_company": True, **vals}
                )
        self.assertFalse(self.account.kam_class)
        # Duplicating a classified account does not copy its figures.
        self.account.sudo().kam_class = "A"
        copy = self.account.with_user(self.kam_user).copy()
        self.assertFalse(copy.kam_class)

    def test_industry_change_by_a_plain_salesperson(self):
        self.account.kam_is_key_account = True
        industry = self.env["res.partner.industry"].create({"name": "Mining"})
        self.account.with_user(self.salesman).industry_id = industry
        self.assertEqual(self.account.industry_id, industry)

    def test_actions_check_coverage_and_figures(self):
        self.other_account.kam_is_key_account = True
        with self.assertRaises(AccessError):
            self.other_account.with_user(self.kam_user).action_kam_classify()
        self.account.kam_is_key_account = True
        with self.assertRaisesMessage(UserError, "no headcount, annual revenue"):
            self.account.with_user(self.kam_user).action_kam_classify()
