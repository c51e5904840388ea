"""A person's data in the key accounts, on their request: exported to a file or
erased by a Key Accounts manager of their companies, logged; the accounts'
figures stay."""

import base64
import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KAM_MANAGER, KamNetworkCommon


@tagged("post_install", "-at_install")
class TestPersonalData(KamNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The CFO's measure changes (history), a note on the portrait, influences
        # on and from her, a decision-chain role, someone reporting to her there,
        # and a plan target.
        cls.kp_cfo.with_user(cls.kam_user).closeness = "3"
        cls.kp_cfo.message_post(
            body="Prefers figures over slides", message_type="comment"
        )
        cls.influence(cls, cls.cfo, cls.ceo, strength="high", direction="positive")
        cls.influence(cls, cls.ours, cls.cfo, note="Lunch each quarter")
        Member = cls.env["kam.decision.member"]
        Member.create(
            {
                "account_id": cls.account.id,
                "lead_id": cls.lead.id,
                "partner_id": cls.cfo.id,
            }
        )
        cls.buyer_role = Member.create(
            {
                "account_id": cls.account.id,
                "lead_id": cls.lead.id,
                "partner_id": cls.buyer.id,
                "reports_to_id": cls.cfo.id,
            }
        )
        cls.account.account_class = "A"
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "account_id": cls.account.id,
                "date_from": "2031-01-01",
                "date_to": "2031-12-31",
            }
        )
        cls.target = cls.env["kam.plan.relation.target"].create(
            {
                "plan_id": cls.plan.id,
                "key_person_id": cls.kp_cfo.id,
                "target_closeness": "4",
            }
        )
        # A coverage evaluation that named her as untouched.
        cls.evaluation = cls.env["kam.evaluation"].create(
            {
                "account_id": cls.account.id,
                "kind": "coverage",
                "period_start": "2031-01-01",
                "period_end": "2031-06-30",
                "date_deadline": "2031-07-14",
                "user_id": cls.kam_user.id,
            }
        )
        cls.evaluation.sudo().snapshot = {
            "members": ["Anna (Account Manager): 10 days, 1 done, 0 open"],
            "activities_done": 1,
            "untouched_key_persons": ["Paul Berg (120 days)", "Otto Kern (95 days)"],
        }
        cls.account.sudo().write({"contribution": 123456.0, "potential": 500000.0})

    def test_export(self):
        action = self.cfo.with_user(self.kam_manager).action_kam_export_personal_data()
        log = self.env["kam.personal.data.log"].search(
            [("partner_id", "=", self.cfo.id)]
        )
        self.assertRecordValues(
            log,
            [
                {
                    "operation": "export",
                    "user_id": self.kam_manager.id,
                    "person": self.cfo.display_name,
                }
            ],
        )
        self.assertIn(
            f"/web/content/kam.personal.data.log/{log.id}/data_file/", action["url"]
        )
        data = json.loads(base64.b64decode(log.data_file))
        self.assertEqual(data["person"]["name"], "Paul Berg")
        self.assertEqual(
            [
                (p["account_id"], p["decision_role"], p["closeness"])
                for p in data["portraits"]
            ],
            [(self.account.display_name, "decision_maker", "3")],
        )
        self.assertEqual(
            [
                (h["measure"], h["old_level"], h["new_level"])
                for h in data["portrait_history"]
                if h["measure"] == "closeness" and h["old_level"]
            ],
            [("closeness", "2", "3")],
        )
        self.assertIn("Prefers figures over slides", data["portrait_notes"][0]["text"])
        self.assertEqual(
            sorted(
                (i["influencer_id"], i["influenced_id"]) for i in data["influences"]
            ),
            sorted(
                [
                    (self.cfo.display_name, self.ceo.display_name),
                    (self.ours.display_name, self.cfo.display_name),
                ]
            ),
        )
        self.assertEqual(len(data["decision_chain_roles"]), 1)
        self.assertEqual(
            data["reports_in_decision_chains"][0]["partner_id"],
            self.buyer.display_name,
        )
        self.assertEqual(data["plan_targets"][0]["target_closeness"], "4")
        self.assertIn("portraits: 1", log.summary)

    def test_erase_keeps_the_figures(self):
        other_influence = self.influence(self.ceo, self.cio)
        self.env["kam.personal.data.erase"].with_user(self.kam_manager).create(
            {"partner_id": self.cfo.id, "reason": "Asked by e-mail on 2031-02-01"}
        ).action_erase()
        KeyPerson = self.env["kam.key.person"].with_context(active_test=False)
        self.assertFalse(KeyPerson.search([("partner_id", "=", self.cfo.id)]))
        self.assertFalse(
            self.env["kam.portrait.history"].search(
                [("key_person_id", "=", self.kp_cfo.id)]
            )
        )
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "kam.key.person"), ("res_id", "=", self.kp_cfo.id)]
            )
        )
        Influence = self.env["kam.influence"].with_context(active_test=False)
        self.assertFalse(
            Influence.search(
                [
                    "|",
                    ("influencer_id", "=", self.cfo.id),
                    ("influenced_id", "=", self.cfo.id),
                ]
            )
        )
        self.assertTrue(other_influence.exists())
        self.assertFalse(
            self.env["kam.decision.member"].search([("partner_id", "=", self.cfo.id)])
        )
        self.assertFalse(self.buyer_role.reports_to_id)
        self.assertFalse(self.target.exists())
        # Her line in the evaluation is replaced; the counts stay.
        self.assertEqual(
            self.evaluation.snapshot["untouched_key_persons"],
            ["(erased on request)", "Otto Kern (95 days)"],
        )
        self.assertEqual(self.evaluation.snapshot["activities_done"], 1)
        # The account's figures stay; its health is computed again without her.
        self.assertRecordValues(
            self.account, [{"contribution": 123456.0, "potential": 500000.0}]
        )
        self.assertNotIn("Paul Berg", self.account.health_reasons or "")
        # The contact itself is Odoo's, untouched; the request is logged.
        self.assertTrue(self.cfo.exists())
        log = self.env["kam.personal.data.log"].search(
            [("partner_id", "=", self.cfo.id)]
        )
        self.assertRecordValues(
            log, [{"operation": "erase", "reason": "Asked by e-mail on 2031-02-01"}]
        )
        self.assertIn("influences: 2", log.summary)

    def test_managers_only_and_logged_for_them(self):
        for user in (self.salesman, self.kam_user):
            with self.assertRaises(AccessError):
                self.cfo.with_user(user).action_kam_export_personal_data()
            with self.assertRaises(AccessError):
                self.cfo.with_user(user).action_kam_erase_personal_data()
            with self.assertRaises(AccessError):
                self.env["kam.personal.data"].with_user(user)._kam_erase(
                    self.cfo, "Asked by e-mail today"
                )
        self.assertTrue(self.kp_cfo.exists())
        self.cfo.with_user(self.kam_manager).action_kam_export_personal_data()
        Log = self.env["kam.personal.data.log"]
        self.assertEqual(Log.with_user(self.kam_manager).search_count([]), 1)
        # Nobody changes or deletes the log, managers included.
        log = Log.with_user(self.kam_manager).search([])
        for action in (lambda: log.write({"reason": "x"}), log.unlink):
            with self.assertRaises(AccessError):
                action()
        with self.assertRaises(AccessError):
            Log.with_user(self.kam_manager).create({"operation": "export"})
        with self.assertRaises(AccessError):
            Log.with_user(self.kam_user).search([])

    def test_bad_requests(self):
        Engine = self.env["kam.personal.data"].with_user(self.kam_manager)
        with self.assertRaisesMessage(UserError, "is a company"):
            Engine._kam_export(self.customer)
        with self.assertRaisesMessage(UserError, "one person at a time"):
            Engine._kam_export(self.cfo | self.ceo)
        for reason in (False, "", "please"):
            with self.assertRaisesMessage(UserError, "Say why"):
                Engine._kam_erase(self.cfo, reason)
        self.assertTrue(self.kp_cfo.exists())
        self.assertFalse(self.env["kam.personal.data.log"].search([]))

    def test_other_company_manager_touches_nothing_of_ours(self):
        company_b = self.env["res.company"].create({"name": "KAM Privacy B"})
        manager_b = self.company_user(
            "kam_priv_b", "Bo Privacy", KAM_MANAGER, company_b
        )
        self.env["kam.personal.data"].with_user(manager_b).with_company(
            company_b
        )._kam_erase(self.cfo, "Asked by phone on 2031-03-01")
        # Company A's portrait and influences of her are there still.
        self.assertTrue(self.kp_cfo.exists())
        self.assertTrue(
            self.env["kam.influence"].search([("influencer_id", "=", self.cfo.id)])
        )
        log = self.env["kam.personal.data.log"].search([])
        self.assertEqual(log.company_id, company_b)
        self.assertIn("portraits: 0", log.summary)
        self.assertFalse(
            self.env["kam.personal.data.log"].with_user(self.kam_manager).search([])
        )
