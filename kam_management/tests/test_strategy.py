from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamClassificationCommon


@tagged("post_install", "-at_install")
class TestStrategy(KamClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["kam.strategy"].search([]).active = False
        cls.expert = cls.kam_user_2
        cls.account.write(
            {
                "kam_is_key_account": True,
                "kam_lead_expert_id": cls.expert.id,
                "kam_headcount": 10,
            }
        )
        Strategy = cls.env["kam.strategy"]
        cls.grow = Strategy.create(
            {
                "name": "Grow",
                "for_class_c": True,
                "tactic_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Workshop",
                            "responsible_role": "lead_expert",
                            "deadline_days": 10,
                            "recurrence_months": 3,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Pilot",
                            "responsible_role": "solution_manager",
                            "deadline_days": 30,
                        },
                    ),
                ],
            }
        )
        cls.partner_strategy = Strategy.create(
            {
                "name": "Partner",
                "for_class_a": True,
                "tactic_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Executive review",
                            "responsible_role": "account_manager",
                        },
                    ),
                ],
            }
        )

    def activities(self, account):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", account.id)]
        )

    def test_apply_schedules_tactics_once(self):
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        activities = self.activities(self.account)
        self.assertEqual(len(activities), 2)
        workshop = activities.filtered(lambda a: a.summary == "Workshop")
        self.assertEqual(workshop.user_id, self.expert)
        self.assertEqual(
            workshop.date_deadline, fields.Date.today() + relativedelta(days=10)
        )
        pilot = activities.filtered(lambda a: a.summary == "Pilot")
        # No solution manager on the account: the account manager stands in.
        self.assertEqual(pilot.user_id, self.kam_user)
        self.assertIn("No Solution Manager", str(pilot.note))
        self.assertEqual(self.account.kam_strategy_id, self.grow)
        # Applying again creates nothing new.
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        self.assertEqual(self.activities(self.account), activities)

    def test_recurring_tactic(self):
        self.grow._kam_apply(self.account)
        workshop = self.activities(self.account).filtered(
            lambda a: a.summary == "Workshop"
        )
        workshop.with_user(self.expert).action_feedback(feedback="Done with IT")
        nxt = self.activities(self.account).filtered(lambda a: a.summary == "Workshop")
        self.assertEqual(len(nxt), 1)
        self.assertEqual(
            nxt.date_deadline, fields.Date.today() + relativedelta(months=3)
        )

    def test_class_change_proposes_and_reports_obsolete(self):
        account = self.account.with_user(self.kam_user)
        account.write(
            {
                "kam_potential_manual": True,
                "kam_potential_manual_amount": 800000,
                "kam_potential_rationale": "Group-wide rollout",
            }
        )
        self.assertEqual(account.kam_class, "C")
        self.assertEqual(account.kam_proposed_strategy_id, self.grow)
        account.action_kam_apply_proposed_strategy()
        self.assertEqual(account.kam_strategy_id, self.grow)
        self.assertFalse(account.kam_obsolete_activity_ids)
        # Now it buys: class A proposes the partner strategy; the Grow tactics' open
        # activities are reported as obsolete.
        self.order(self.account, 200000)
        account.action_kam_classify()
        self.assertEqual(account.kam_class, "A")
        self.assertEqual(account.kam_proposed_strategy_id, self.partner_strategy)
        self.assertEqual(
            set(account.kam_obsolete_activity_ids.mapped("summary")),
            {"Workshop", "Pilot"},
        )

    def test_automatic_application(self):
        self.grow.auto_apply = True
        self.account.with_user(self.kam_user).write(
            {
                "kam_potential_manual": True,
                "kam_potential_manual_amount": 800000,
                "kam_potential_rationale": "Group-wide rollout",
            }
        )
        self.assertEqual(self.account.kam_strategy_id, self.grow)
        self.assertEqual(len(self.activities(self.account)), 2)

    def test_rights(self):
        with self.assertRaises(AccessError):
            self.grow.with_user(self.kam_user).name = "Mine"
        self.other_account.kam_is_key_account = True
        with self.assertRaises(AccessError):
            self.grow.with_user(self.kam_user)._kam_apply(self.other_account)
        self.assertFalse(self.activities(self.other_account))
        self.grow.with_user(self.kam_manager)._kam_apply(self.other_account)
        self.assertEqual(len(self.activities(self.other_account)), 2)
