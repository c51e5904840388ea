from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestDecisionChain(KamNetworkCommon):
    def add_member(self, partner, user=None, **vals):
        return (
            self.env["kam.decision.member"]
            .with_user(user or self.kam_user)
            .create({"lead_id": self.lead.id, "partner_id": partner.id, **vals})
        )

    def test_member_role_defaults_from_the_portrait(self):
        member = self.add_member(self.cfo)
        self.assertEqual(member.role, "decision_maker")
        self.assertEqual(self.add_member(self.assistant).role, "other")
        member.role = "business_evaluator"
        self.assertEqual(self.cfo.kam_decision_role, "decision_maker")

    def test_member_of_another_customer(self):
        with self.assertRaisesMessage(ValidationError, "does not work for Nordwind"):
            self.add_member(self.other_person)
        with self.assertRaisesMessage(ValidationError, "does not work for Nordwind"):
            self.add_member(self.cfo, reports_to_id=self.rival.id)
        self.assertFalse(self.lead.kam_decision_member_ids)

    def test_project_reporting_cycle(self):
        self.add_member(self.ceo, reports_to_id=self.cfo.id)
        with self.assertRaisesMessage(ValidationError, "circle"):
            self.add_member(self.cfo, reports_to_id=self.ceo.id)
        self.assertEqual(len(self.lead.kam_decision_member_ids), 1)

    def test_not_covered(self):
        with self.assertRaises(AccessError):
            self.add_member(self.ceo, user=self.kam_user_2)

    def test_summary(self):
        lead = self.lead.with_user(self.kam_user)
        # No chain yet: the customer's key persons count.
        self.assertEqual(lead.kam_decision_maker_count, 2)
        self.assertEqual(lead.kam_supporting_decision_maker_count, 1)
        self.add_member(self.ceo)
        self.add_member(self.cfo)
        self.add_member(self.buyer)
        self.influence(self.ours, self.cfo, strength="high", direction="positive")
        self.influence(self.rival, self.ceo, strength="medium", direction="negative")
        lead.invalidate_recordset()
        self.assertEqual(lead.kam_decision_maker_count, 2)
        self.assertEqual(lead.kam_supporting_decision_maker_count, 1)
        self.assertEqual(lead.kam_uncovered_key_person_ids, self.ceo | self.buyer)
        # ceo 75 - 10 = 65 (x3), cfo 25 + 20 = 45 (x3), buyer closeness 3 -> 50 (x1.5)
        # (65*3 + 45*3 + 50*1.5) / 7.5 = 54
        self.assertEqual(lead.kam_support_score, 54)

    def test_effective_network_overrides_the_customer_map(self):
        self.influence(self.rival, self.cfo, strength="high", direction="negative")
        self.influence(
            self.rival,
            self.cfo,
            strength="low",
            direction="negative",
            lead_id=self.lead.id,
        )
        self.influence(
            self.assistant, self.buyer, direction="positive", lead_id=self.lead.id
        )
        self.add_member(self.cfo)
        self.add_member(self.buyer, reports_to_id=self.ceo.id)
        network = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            .get_map_data("crm.lead", self.lead.id)
        )
        edges = {(e["from"], e["to"]): e for e in network["influences"]}
        self.assertEqual(edges[(self.rival.id, self.cfo.id)]["strength"], "low")
        self.assertEqual(edges[(self.rival.id, self.cfo.id)]["source"], "lead")
        self.assertEqual(edges[(self.assistant.id, self.buyer.id)]["source"], "lead")
        lines = {line["from"]: line for line in network["reporting"]}
        self.assertEqual(lines[self.buyer.id]["to"], self.ceo.id)
        self.assertEqual(lines[self.buyer.id]["source"], "lead")
        self.assertEqual(lines[self.cfo.id]["source"], "account")
        self.assertEqual(len(network["differences"]), 3)
        differences = self.lead.with_user(self.kam_user).kam_network_differences
        self.assertIn("In this project Otto Kern reports to Greta Stein.", differences)
        self.assertIn(
            "Only in this opportunity: Lea Sommer influences Otto Kern.", differences
        )
        # The customer map itself is unchanged.
        account_map = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            .get_map_data("res.partner", self.account.id)
        )
        edges = {(e["from"], e["to"]): e for e in account_map["influences"]}
        self.assertEqual(edges[(self.rival.id, self.cfo.id)]["strength"], "high")
        self.assertNotIn((self.assistant.id, self.buyer.id), edges)
        self.assertFalse(account_map["differences"])
