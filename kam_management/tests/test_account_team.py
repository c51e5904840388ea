"""The account team (覆盖模式): roles, one account manager at a time, external experts,
tenure, and changes proposed by the team and decided by a manager."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestAccountTeam(KamCommon):
    def test_one_account_manager_at_a_time(self):
        with self.assertRaisesMessage(ValidationError, "one account manager at a time"):
            self.add_member(self.account, self.kam_user_2, self.role_am)
        # A handover: the first ends before the second starts.
        today = fields.Date.today()
        first = self.account.member_ids
        first.date_to = today - relativedelta(days=1)
        self.add_member(self.account, self.kam_user_2, self.role_am, date_from=today)
        self.assertEqual(self.account.user_id, self.kam_user_2)
        self.assertEqual(self.account.team_user_ids, self.kam_user_2)
        self.assertEqual(len(self.account.member_ids), 2)

    def test_external_partner_only_where_the_role_allows(self):
        consultant = self.env["res.partner"].create({"name": "Cleo Consultant"})
        Member = self.env["kam.account.member"].with_user(self.kam_manager)
        with self.assertRaisesMessage(ValidationError, "held by our own people"):
            Member.create(
                {
                    "account_id": self.account.id,
                    "role_id": self.role_solution.id,
                    "partner_id": consultant.id,
                }
            )
        expert = Member.create(
            {
                "account_id": self.account.id,
                "role_id": self.role_expert.id,
                "partner_id": consultant.id,
            }
        )
        self.assertTrue(expert.is_active)
        # The role is held through the consultant's expert record, created by the
        # manager who named them, who coordinates them.
        self.assertEqual(expert.expert_id.partner_id, consultant)
        self.assertTrue(expert.expert_id.is_external)
        self.assertEqual(expert.expert_id.coordinator_id, self.kam_manager)
        self.assertEqual(self.account.lead_expert_id, expert.expert_id)
        # An external expert changes nothing in Odoo: no user, no coverage.
        self.assertEqual(self.account.team_user_ids, self.kam_user)
        with self.assertRaisesMessage(ValidationError, "portal user"):
            Member.create(
                {
                    "account_id": self.account.id,
                    "role_id": self.role_solution.id,
                    "user_id": self.portal.id,
                }
            )

    @freeze_time("2026-06-30")
    def test_tenure(self):
        member = self.env["kam.account.member"].create(
            {
                "account_id": self.other_account.id,
                "role_id": self.role_solution.id,
                "user_id": self.kam_user.id,
                "date_from": "2026-01-01",
            }
        )
        self.assertEqual(member.tenure_days, 180)
        member.date_to = "2026-03-31"
        self.assertEqual(member.tenure_days, 89)
        self.assertFalse(member.is_active)

    def test_member_proposes_manager_decides(self):
        self.env["kam.account.decision"].create(
            {
                "account_id": self.account.id,
                "old_state": "qualified",
                "new_state": "allocated",
                "reason": "Staffed",
                "user_id": self.kam_manager.id,
            }
        )
        Proposal = self.env["kam.team.proposal"]
        proposal = Proposal.with_user(self.kam_user).create(
            {
                "account_id": self.account.id,
                "role_id": self.role_solution.id,
                "user_id": self.kam_user_2.id,
                "reason": "Kim knows their logistics platform",
            }
        )
        proposal.action_propose()
        activity = self.account.activity_ids.filtered(
            lambda a: a.user_id == self.kam_manager
        )
        self.assertIn("add Kim Other as Solution Manager", activity.summary)
        # Nothing changed in the team: the manager decides.
        self.assertEqual(self.account.team_user_ids, self.kam_user)
        # Someone outside the team proposes nothing.
        outsider = Proposal.with_user(self.kam_user_2).create(
            {
                "account_id": self.account.id,
                "change": "end",
                "member_id": self.account.member_ids.id,
                "reason": "Mine now",
            }
        )
        with self.assertRaisesMessage(AccessError, "Only the members"):
            outsider.action_propose()

    def test_allocation_needs_an_account_manager(self):
        account = self.make_account(
            self.env["res.partner"].create(
                {"name": "Unstaffed Co", "is_company": True}
            ),
            state="qualified",
        )
        decide = self.env["kam.account.decide"].with_user(self.kam_manager)
        wizard = decide.create(
            {
                "account_ids": [Command.set(account.ids)],
                "new_state": "allocated",
                "reason": "Ready",
            }
        )
        with self.assertRaisesMessage(UserError, "name an active account manager"):
            wizard.action_confirm()
        self.add_member(account, self.kam_user, self.role_am)
        wizard.action_confirm()
        self.assertEqual(account.state, "allocated")
        self.assertEqual(account.decision_ids[0].user_id, self.kam_manager)
        self.assertEqual(account.decision_ids[0].reason, "Ready")

    def test_buttons_follow_the_team(self):
        self.assertTrue(self.account.with_user(self.kam_user).user_can_edit)
        self.assertFalse(self.account.with_user(self.kam_user_2).user_can_edit)
        self.assertTrue(self.account.with_user(self.kam_manager).user_can_edit)
        outsider = self.account.with_user(self.kam_user_2)
        for action in (
            outsider.action_kam_classify,
            outsider.action_kam_qualify,
            outsider.action_kam_apply_proposed_strategy,
        ):
            with self.assertRaisesMessage(AccessError, "only the account's team"):
                action()

    def test_only_managers_archive(self):
        with self.assertRaisesMessage(AccessError, "Only a Key Accounts manager"):
            self.account.with_user(self.kam_user).write({"active": False})
        self.assertTrue(self.account.active)
        self.account.with_user(self.kam_manager).write({"active": False})
        self.assertFalse(self.account.active)
