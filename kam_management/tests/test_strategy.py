from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KAM_USER, KamClassificationCommon


@tagged("post_install", "-at_install")
class TestStrategy(KamClassificationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["kam.strategy"].search([]).active = False
        cls.expert = cls.kam_user_2
        cls.add_member(cls.account, cls.expert, cls.role_expert)
        cls.account.headcount = 10
        Strategy = cls.env["kam.strategy"]
        cls.grow = Strategy.create(
            {
                "name": "Grow",
                "for_class_c": True,
                "tactic_ids": [
                    Command.create(
                        {
                            "name": "Workshop",
                            "responsible_role": "lead_expert",
                            "deadline_days": 10,
                            "recurrence_months": 3,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Pilot",
                            "responsible_role": "solution_manager",
                            "deadline_days": 30,
                        }
                    ),
                ],
            }
        )
        cls.partner_strategy = Strategy.create(
            {
                "name": "Partner",
                "for_class_a": True,
                "tactic_ids": [
                    Command.create(
                        {
                            "name": "Executive review",
                            "responsible_role": "account_manager",
                        }
                    ),
                ],
            }
        )

    def activities(self, account):
        """The account's tactic activities (not the iron triangle's duties)."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kam.account"),
                ("res_id", "=", account.id),
                ("kam_tactic_id", "!=", False),
            ]
        )

    def allocated_by(self, manager):
        """The decision that tells who staffs the account."""
        self.env["kam.account.decision"].create(
            {
                "account_id": self.account.id,
                "old_state": "qualified",
                "new_state": "allocated",
                "reason": "Staffed",
                "user_id": manager.id,
            }
        )

    def set_potential(self, amount):
        self.account.with_user(self.kam_user).write(
            {
                "potential_manual": True,
                "potential_manual_amount": amount,
                "potential_rationale": "Group-wide rollout",
            }
        )

    @freeze_time("2026-03-02")
    def test_apply_schedules_tactics_once(self):
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        activities = self.activities(self.account)
        self.assertEqual(len(activities), 2)
        workshop = activities.filtered(lambda a: a.summary == "Workshop")
        # The lead expert is found through the team's roles.
        self.assertEqual(workshop.user_id, self.expert)
        self.assertEqual(workshop.date_deadline, date(2026, 3, 12))
        self.assertEqual(workshop.res_model, "kam.account")
        pilot = activities.filtered(lambda a: a.summary == "Pilot")
        # No solution manager on the account: the account manager stands in.
        self.assertEqual(pilot.user_id, self.kam_user)
        self.assertIn("No Solution Manager", str(pilot.note))
        self.assertEqual(pilot.date_deadline, date(2026, 4, 1))
        self.assertEqual(self.account.strategy_id, self.grow)
        # Applying again creates nothing new.
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        self.assertEqual(self.activities(self.account), activities)

    def test_responsible_roles_from_the_team(self):
        solution = new_test_user(
            self.env, login="kam_solution", name="Sol Manager", groups=KAM_USER
        )
        leader = new_test_user(
            self.env, login="kam_leader", name="Lee Leader", groups=KAM_USER
        )
        self.env["crm.team"].create(
            {
                "name": "Key Accounts North",
                "user_id": leader.id,
                "member_ids": [Command.link(self.kam_user.id)],
            }
        )
        self.add_member(self.account, solution, self.role_solution)
        self.allocated_by(self.kam_manager)
        # An expert whose time on the account is over no longer gets its tactics.
        self.account.member_ids.filtered(lambda m: m.user_id == self.expert).write(
            {"date_from": "2019-01-01", "date_to": "2020-01-01"}
        )
        self.env["kam.tactic"].create(
            {
                "strategy_id": self.grow.id,
                "name": "Quarterly business review",
                "responsible_role": "sales_manager",
            }
        )
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        who = {a.summary: a.user_id for a in self.activities(self.account)}
        # No expert: the expert's tactic is a task for the Key Accounts manager who
        # staffs the account, never for the account manager (account managers
        # cannot do the expert's work).
        self.assertEqual(
            who,
            {
                "Workshop": self.kam_manager,
                "Pilot": solution,
                "Quarterly business review": leader,
            },
        )
        self.assertNotEqual(who["Workshop"], self.account.user_id)
        workshop = self.activities(self.account).filtered(
            lambda a: a.summary == "Workshop"
        )
        self.assertIn("No Customer Lead Expert", str(workshop.note))

    def test_external_experts_tactic_goes_to_the_coordinator(self):
        coordinator = new_test_user(
            self.env, login="kam_coordinator", name="Coco Ordinator", groups=KAM_USER
        )
        consultant = self.env["res.partner"].create({"name": "Cleo Consultant"})
        external = self.env["kam.lead.expert"].create(
            {"partner_id": consultant.id, "coordinator_id": coordinator.id}
        )
        self.account.member_ids.filtered(lambda m: m.user_id == self.expert).write(
            {"date_from": "2019-01-01", "date_to": "2020-01-01"}
        )
        self.env["kam.account.member"].create(
            {
                "account_id": self.account.id,
                "role_id": self.role_expert.id,
                "expert_id": external.id,
                "date_from": "2025-01-01",
            }
        )
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        workshop = self.activities(self.account).filtered(
            lambda a: a.summary == "Workshop"
        )
        self.assertEqual(workshop.user_id, coordinator)
        self.assertIn("Cleo Consultant, an external", str(workshop.note))

    def test_several_tactics_for_one_person(self):
        """Where nobody else holds the tactics' roles, the account manager gets all
        of them, in one application, except the lead expert's."""
        self.allocated_by(self.kam_manager)
        self.account.member_ids.filtered(lambda m: m.user_id == self.expert).write(
            {"date_from": "2019-01-01", "date_to": "2020-01-01"}
        )
        self.env["kam.tactic"].create(
            {
                "strategy_id": self.grow.id,
                "name": "Quarterly business review",
                "responsible_role": "account_manager",
            }
        )
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        activities = self.activities(self.account)
        self.assertEqual(len(activities), 3)
        self.assertEqual(
            {a.summary: a.user_id for a in activities},
            {
                "Pilot": self.kam_user,
                "Quarterly business review": self.kam_user,
                "Workshop": self.kam_manager,
            },
        )

    def test_recurring_tactic(self):
        with freeze_time("2026-03-02"):
            self.grow.with_user(self.kam_user)._kam_apply(self.account)
        workshop = self.activities(self.account).filtered(
            lambda a: a.summary == "Workshop"
        )
        with freeze_time("2026-03-10"):
            workshop.with_user(self.expert).action_feedback(feedback="Done with IT")
        nxt = self.activities(self.account).filtered(lambda a: a.summary == "Workshop")
        self.assertEqual(len(nxt), 1)
        self.assertEqual(nxt.user_id, self.expert)
        self.assertEqual(nxt.date_deadline, date(2026, 6, 10))

    def test_recurrence_stops_with_the_strategy(self):
        self.grow.with_user(self.kam_user)._kam_apply(self.account)
        self.partner_strategy.with_user(self.kam_user)._kam_apply(self.account)
        workshop = self.activities(self.account).filtered(
            lambda a: a.summary == "Workshop"
        )
        workshop.with_user(self.expert).action_feedback(feedback="Last one")
        self.assertFalse(
            self.activities(self.account).filtered(lambda a: a.summary == "Workshop")
        )

    def test_class_change_proposes_and_reports_obsolete(self):
        account = self.account.with_user(self.kam_user)
        self.set_potential(800000)
        account.action_kam_classify()
        self.assertEqual(account.account_class, "C")
        self.assertEqual(account.proposed_strategy_id, self.grow)
        # Proposed, not applied: a user's run applies nothing.
        self.assertFalse(account.strategy_id)
        account.action_kam_apply_proposed_strategy()
        self.assertEqual(account.strategy_id, self.grow)
        self.assertFalse(account.obsolete_activity_ids)
        # Now it buys: class A proposes the partner strategy; the Grow tactics' open
        # activities are reported as obsolete.
        self.order(self.customer, 200000)
        account.action_kam_classify()
        self.assertEqual(account.account_class, "A")
        self.assertEqual(account.proposed_strategy_id, self.partner_strategy)
        self.assertEqual(account.strategy_id, self.grow)
        self.assertEqual(
            set(account.obsolete_activity_ids.mapped("summary")),
            {"Workshop", "Pilot"},
        )

    def test_automatic_application_only_from_the_cron(self):
        self.grow.auto_apply = True
        self.set_potential(800000)
        # The user's button proposes the strategy, even one marked automatic.
        self.account.with_user(self.kam_user).action_kam_classify()
        self.assertEqual(self.account.proposed_strategy_id, self.grow)
        self.assertFalse(self.account.strategy_id)
        self.assertFalse(self.activities(self.account))

    def test_automatic_application(self):
        self.grow.auto_apply = True
        self.set_potential(800000)
        self.assertFalse(self.account.strategy_id)
        self.env["kam.classification"]._cron_kam_classify()
        self.assertEqual(self.account.account_class, "C")
        self.assertEqual(self.account.strategy_id, self.grow)
        self.assertEqual(len(self.activities(self.account)), 2)

    def test_apply_from_the_strategy(self):
        strategy = self.grow.with_user(self.kam_user)
        for ids in (None, [], "1", [True], [999999999]):
            with self.assertRaisesMessage(UserError, "Choose the key accounts"):
                strategy.with_context(kam_account_ids=ids).action_apply_to_accounts()
        # Another strategy than the proposed one: a manager's decision.
        with self.assertRaisesMessage(AccessError, "Key Accounts manager"):
            strategy.with_context(
                kam_account_ids=self.account.ids
            ).action_apply_to_accounts()
        self.assertFalse(self.activities(self.account))
        self.grow.with_user(self.kam_manager).with_context(
            kam_account_ids=self.account.ids
        ).action_apply_to_accounts()
        self.assertEqual(len(self.activities(self.account)), 2)

    def test_rights(self):
        with self.assertRaises(AccessError):
            self.grow.with_user(self.kam_user).name = "Mine"
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            self.grow.with_user(self.kam_user)._kam_apply(self.other_account)
        self.assertFalse(self.activities(self.other_account))
        self.assertFalse(self.other_account.strategy_id)
        with self.assertRaises(AccessError):
            self.account.with_user(self.salesman).action_kam_apply_proposed_strategy()
        self.grow.with_user(self.kam_manager)._kam_apply(self.other_account)
        self.assertEqual(len(self.activities(self.other_account)), 2)
        self.assertEqual(self.other_account.strategy_id, self.grow)
