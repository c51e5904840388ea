"""Bad arguments and values from a client get a message a salesperson understands
(UserError / ValidationError / AccessError), never a raw server error, and leave
nothing half-written."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestBadInput(KamNetworkCommon):
    def test_map_arguments(self):
        Network = self.env["kam.network"].with_user(self.kam_user)
        for model, res_id in (
            ("kam.account", str(self.account.id)),
            ("kam.account", [self.account.id, self.other_account.id]),
            ("kam.account", None),
            ("kam.account", True),
            ("res.users", self.kam_user.id),
            ("kam.account", 987654321),
        ):
            with self.assertRaises(UserError, msg=f"{model} {res_id!r}"):
                Network.get_map_data(model, res_id)
        with self.assertRaises(AccessError):
            self.env["kam.network"].with_user(self.salesman).get_map_data(
                "kam.account", self.account.id
            )
        data = Network.get_map_data("kam.account", self.account.id)
        self.assertEqual(data["account"]["id"], self.account.id)

    def test_actions_on_several_records(self):
        both = (self.account | self.other_account).with_user(self.kam_user)
        for action in (
            both.action_kam_relationship_map,
            both.action_kam_org_chart,
            both.action_kam_key_persons,
            (self.ceo | self.cfo).with_user(self.kam_user).action_kam_relationship_map,
            self.env["kam.account"].with_user(self.kam_user).action_kam_org_chart,
        ):
            with self.assertRaisesMessage(UserError, "one record at a time"):
                action()

    def test_apply_strategy_with_a_context_of_text(self):
        strategy = self.env["kam.strategy"].create(
            {"name": "Bad Input Strategy", "for_class_a": True}
        )
        for value in ("1,2", "abc", [True], [1.5], {"a": 1}, None, [987654321]):
            with self.assertRaises(UserError, msg=repr(value)):
                strategy.with_user(self.kam_user).with_context(
                    kam_account_ids=value
                ).action_apply_to_accounts()

    def test_numbers_have_bounds(self):
        account = self.account.with_user(self.kam_user)
        for values in (
            {"headcount": 10**12},
            {"headcount": -1},
            {"headcount": "many"},
            {"annual_revenue": float("nan")},
            {"annual_revenue": float("inf")},
            {"annual_revenue": -float("inf")},
            {"annual_revenue": 1e308},
            {"potential_manual_amount": "NaN"},
        ):
            with self.assertRaises(ValidationError, msg=str(values)):
                account.write(values)
        account.write({"headcount": 1200, "annual_revenue": 5e7})
        self.assertEqual(account.headcount, 1200)

    def test_choices_dates_texts_and_links(self):
        portrait = self.kp_ceo.with_user(self.kam_user)
        with self.assertRaisesMessage(ValidationError, "not a valid choice"):
            portrait.write({"closeness": "9"})
        with self.assertRaisesMessage(ValidationError, "not a valid choice"):
            portrait.write({"decision_role": "emperor"})
        with self.assertRaisesMessage(ValidationError, "too long"):
            portrait.write({"interests": "x" * 1_000_000})
        with self.assertRaisesMessage(ValidationError, "too long"):
            portrait.write({"department": "x" * 1000})
        with self.assertRaisesMessage(ValidationError, "must refer to a record"):
            portrait.write({"reports_to_id": "abc"})
        with self.assertRaisesMessage(UserError, "does not exist"):
            portrait.write({"reports_to_id": 987654321})
        with self.assertRaisesMessage(ValidationError, "not a valid date"):
            self.influence(self.ours, self.ceo, date_start="2026-13-45")
        with self.assertRaisesMessage(ValidationError, "not a valid date"):
            self.influence(self.ours, self.ceo, date_end="soon")
        self.assertEqual(self.kp_ceo.closeness, "4")
        self.assertFalse(self.kp_ceo.interests)

    def test_reports_to_only_within_the_account(self):
        portrait = self.kp_buyer.with_user(self.kam_user)
        # Another account's person.
        with self.assertRaisesMessage(ValidationError, "different key accounts"):
            portrait.write({"reports_to_id": self.kp_other.id})
        # A cycle.
        with self.assertRaisesMessage(ValidationError, "circle"):
            self.kp_ceo.with_user(self.kam_user).write(
                {"reports_to_id": self.kp_buyer.id}
            )
        # A company is no person: it has no portrait to report to, and cannot be one.
        with self.assertRaisesMessage(ValidationError, "is a company"):
            self.env["kam.key.person"].with_user(self.kam_user).create(
                {"account_id": self.account.id, "partner_id": self.customer.id}
            )
        self.assertEqual(self.kp_buyer.reports_to_id, self.kp_cfo)
