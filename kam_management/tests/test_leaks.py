"""The ways around coverage that were found on the earlier shape (key-account data on
res.partner with hand-written checks), each tried again as a user and refused."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestLeaks(KamNetworkCommon):
    def test_salesperson_cannot_create_a_contact_with_a_portrait(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Partner.create(
                {
                    "name": "Forged Supporter",
                    "parent_id": self.customer.id,
                    "kam_key_person_ids": [
                        Command.create(
                            {"account_id": self.account.id, "closeness": "5"}
                        )
                    ],
                }
            )
        with self.assertRaises(AccessError):
            self.env["kam.key.person"].with_user(self.salesman).create(
                {
                    "account_id": self.account.id,
                    "partner_id": self.contact.id,
                    "closeness": "5",
                }
            )
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Forged Supporter")])
        )

    def test_salesperson_cannot_create_a_classified_key_account(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {
                    "name": "Forged Mining",
                    "is_company": True,
                    "kam_account_ids": [
                        Command.create(
                            {
                                "account_class": "A",
                                "potential": 9e9,
                                "state": "allocated",
                            }
                        )
                    ],
                }
            )
        with self.assertRaises(AccessError):
            self.env["kam.account"].with_user(self.salesman).create(
                {"partner_id": self.other_customer.id}
            )

    def test_context_defaults_cannot_set_engine_figures(self):
        KeyPerson = self.env["kam.key.person"].with_user(self.kam_user)
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            KeyPerson.with_context(
                default_choice_score=100, default_stance="supporter"
            ).create({"account_id": self.account.id, "partner_id": self.contact.id})
        Account = self.env["kam.account"].with_user(self.kam_manager)
        customer = self.env["res.partner"].create(
            {"name": "Ctx Co", "is_company": True}
        )
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            Account.with_context(
                default_account_class="A", default_potential=9e9
            ).create({"partner_id": customer.id})
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            Account.with_context(default_state="allocated").create(
                {"partner_id": customer.id}
            )
        self.assertFalse(
            self.env["kam.account"].search([("partner_id", "=", customer.id)])
        )

    def test_users_cannot_write_computed_figures(self):
        # Their own account's people and figures: still computed, never typed.
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            self.kp_cfo.with_user(self.kam_user).write(
                {"choice_score": 100, "stance": "supporter"}
            )
        self.assertEqual(self.kp_cfo.stance, "opponent")
        for values in (
            {"score_total": 99},
            {"account_class": "A"},
            {"contribution": 1e9},
            {"user_id": self.kam_user_2.id},
            {"team_user_ids": [Command.link(self.kam_user_2.id)]},
            {"state": "allocated"},
            {"lifecycle_stage": "delivery"},
        ):
            with self.assertRaises(AccessError, msg=str(values)):
                self.account.with_user(self.kam_user).write(values)
        # Another account's people: refused by the coverage rule first.
        with self.assertRaises(AccessError):
            self.kp_other.with_user(self.kam_user).write({"department": "Mine"})
        network = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            ._kam_networks(self.account)[("account", self.account.id)]
        )
        cfo = next(n for n in network["nodes"] if n["id"] == self.cfo.id)
        self.assertEqual(cfo["stance"], "opponent")

    def test_copy_carries_no_figures(self):
        self.env["kam.classification"]._kam_store(
            self.account, {self.account.id: {"account_class": "A", "potential": 9e5}}
        )
        company_b = self.env["res.company"].create({"name": "Copy Company"})
        self.kam_manager.company_ids |= company_b
        manager = self.account.with_user(self.kam_manager).with_context(
            allowed_company_ids=[self.company.id, company_b.id]
        )
        with self.assertRaisesMessage(AccessError, "cannot be set by hand"):
            manager.copy({"company_id": company_b.id, "account_class": "A"})
        copy = manager.copy({"company_id": company_b.id})
        self.assertFalse(copy.account_class)
        self.assertFalse(copy.potential)
        self.assertEqual(copy.state, "nominated")
        self.assertFalse(copy.member_ids)

    def test_records_stay_with_their_account(self):
        # Moving out to an account the user covers, editing there and moving back.
        mine = self.make_account(
            self.env["res.partner"].create({"name": "Mine Co", "is_company": True}),
            self.kam_user_2,
        )
        for record in (
            self.kp_other,
            self.influence(self.ours, self.ceo),
        ):
            # AccessError (not covering) or UserError (records stay): both refuse.
            with self.assertRaises(UserError):
                record.with_user(self.kam_user_2).write({"account_id": mine.id})
        own = self.portrait(
            self.env["res.partner"].create(
                {"name": "Pia Own", "parent_id": self.customer.id}
            )
        )
        with self.assertRaisesMessage(UserError, "stays with its account"):
            own.with_user(self.kam_user).write({"account_id": self.other_account.id})
        self.assertEqual(own.account_id, self.account)

    def test_users_cannot_take_over_an_account(self):
        unallocated = self.make_account(
            self.env["res.partner"].create({"name": "Free Co", "is_company": True}),
            state="qualified",
        )
        # Neither a team of their own, nor the account manager field, nor the state.
        with self.assertRaises(AccessError):
            self.env["kam.account.member"].with_user(self.kam_user).create(
                {
                    "account_id": unallocated.id,
                    "role_id": self.role_am.id,
                    "user_id": self.kam_user.id,
                }
            )
        with self.assertRaises(AccessError):
            unallocated.with_user(self.kam_user).write(
                {
                    "member_ids": [
                        Command.create(
                            {"role_id": self.role_am.id, "user_id": self.kam_user.id}
                        )
                    ]
                }
            )
        with self.assertRaisesMessage(AccessError, "Key Accounts manager"):
            unallocated.with_user(self.kam_user).action_kam_decide()
        with self.assertRaises(AccessError):
            self.env["kam.account.decide"].with_user(self.kam_user).create(
                {
                    "account_ids": [Command.set(unallocated.ids)],
                    "new_state": "allocated",
                    "reason": "mine now",
                }
            )
        self.assertFalse(unallocated.member_ids)
        self.assertEqual(unallocated.state, "qualified")

    def test_owning_an_opportunity_gives_no_coverage(self):
        # kam_user_2 takes over an opportunity of an account they do not cover:
        # Odoo lets salespeople own leads; its decision chain stays the team's.
        lead = self.lead.with_user(self.kam_user_2)
        lead.sudo().user_id = self.kam_user_2  # sudo: set up the takeover
        with self.assertRaises(AccessError):
            self.env["kam.decision.member"].with_user(self.kam_user_2).create(
                {"lead_id": lead.id, "partner_id": self.ceo.id}
            )
        with self.assertRaises(AccessError):
            self.influence(self.rival, self.ceo, user=self.kam_user_2, lead_id=lead.id)

    def test_ended_member_no_longer_changes_the_account(self):
        member = self.account.member_ids.filtered(lambda m: m.user_id == self.kam_user)
        today = fields.Date.today()
        member.with_user(self.kam_manager).action_kam_end()
        # Ended today: holds the account until tonight; the daily refresh ends it.
        self.assertTrue(member.is_active)
        with freeze_time(today + relativedelta(days=1)):
            self.env["kam.account.member"]._cron_kam_refresh()
            self.assertFalse(member.is_active)
            self.assertNotIn(self.kam_user, self.account.team_user_ids)
            self.assertFalse(self.account.user_id)
            with self.assertRaises(AccessError):
                self.kp_ceo.with_user(self.kam_user).write({"department": "Board"})
            # Still readable: users read every account of their companies.
            self.assertEqual(self.kp_ceo.with_user(self.kam_user).name, "Greta Stein")
        # The team's history keeps how long the member held the account.
        self.assertEqual(member.date_to, today)
        self.assertGreaterEqual(member.tenure_days, 365)

    def test_salesperson_nominates_without_seeing(self):
        wizard = (
            self.env["kam.account.nominate"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_ids": [Command.set(self.contact.ids)],
                    "reason": "Tender for 40 sites next year",
                }
            )
        )
        # A contact stands for its company; a person of no company is refused.
        loner = self.env["res.partner"].create({"name": "Len Loner"})
        wizard.partner_ids = loner
        with self.assertRaisesMessage(UserError, "only companies"):
            wizard.action_nominate()
        prospect = self.env["res.partner"].create(
            {"name": "Prospect Steel", "is_company": True}
        )
        wizard.partner_ids = prospect
        wizard.action_nominate()
        account = self.env["kam.account"].search([("partner_id", "=", prospect.id)])
        self.assertEqual(account.state, "nominated")
        self.assertFalse(account.account_class)
        self.assertFalse(account.member_ids)
        self.assertEqual(account.decision_ids.reason, "Tender for 40 sites next year")
        self.assertEqual(account.decision_ids.user_id, self.salesman)
        with self.assertRaises(AccessError):
            account.with_user(self.salesman).read(["state"])
        # Nominating again adds a note, not a second account.
        wizard.action_nominate()
        self.assertEqual(
            self.env["kam.account"].search_count([("partner_id", "=", prospect.id)]), 1
        )

    def test_nomination_only_in_own_companies(self):
        company_b = self.env["res.company"].create({"name": "Foreign Co"})
        prospect = self.env["res.partner"].create(
            {"name": "Far Away Ltd", "is_company": True}
        )
        wizard = (
            self.env["kam.account.nominate"]
            .with_user(self.salesman)
            .create({"partner_ids": [Command.set(prospect.ids)], "reason": "Big"})
        )
        wizard.company_id = company_b
        with self.assertRaisesMessage(AccessError, "only in your companies"):
            wizard.action_nominate()
        self.assertFalse(
            self.env["kam.account"].search([("partner_id", "=", prospect.id)])
        )

    def test_scores_only_on_criteria_of_the_account_company(self):
        company_b = self.env["res.company"].create({"name": "Criteria Co"})
        foreign = self.env["kam.score.criterion"].create(
            {"name": "Secret", "weight": 50, "company_id": company_b.id}
        )
        with self.assertRaises(UserError):
            self.env["kam.account.score"].with_user(self.kam_user).create(
                {
                    "account_id": self.account.id,
                    "criterion_id": foreign.id,
                    "score": 5,
                }
            )

    def test_contacts_cannot_take_portraits_away(self):
        # A salesperson manages contacts; a portrayed person is neither deleted
        # nor moved out of the account's customer from the contact.
        self.kam_user_2.groups_id |= self.env.ref("base.group_partner_manager")
        ceo = self.ceo.with_user(self.kam_user_2)
        # The database refuses (a client is told "another model requires the record
        # being deleted ... archive it instead").
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            ceo.unlink()
        self.assertTrue(self.kp_ceo.exists())
        with self.assertRaisesMessage(ValidationError, "key person of Nordwind"):
            ceo.write({"parent_id": self.other_customer.id})
        with self.assertRaisesMessage(ValidationError, "key person of Nordwind"):
            self.ceo.with_user(self.salesman).write({"parent_id": False})
        self.assertEqual(self.ceo.parent_id, self.customer)
