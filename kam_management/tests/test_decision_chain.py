from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestDecisionChain(KamNetworkCommon):
    def chain_member(self, partner, user=None, lead=None, **vals):
        """`partner` in the decision chain of the opportunity, added by `user`."""
        return (
            self.env["kam.decision.member"]
            .with_user(user or self.kam_user)
            .create(
                {"lead_id": (lead or self.lead).id, "partner_id": partner.id, **vals}
            )
        )

    def test_member_role_defaults_from_the_portrait(self):
        member = self.chain_member(self.cfo)
        self.assertRecordValues(
            member,
            [
                {
                    "role": "decision_maker",
                    "account_id": self.account.id,
                    "key_person_id": self.kp_cfo.id,
                    "stance": "opponent",
                    "choice_score": 25,
                }
            ],
        )
        self.assertEqual(self.chain_member(self.assistant).role, "other")
        # A person without a portrait on the account is in the chain all the same.
        contact = self.chain_member(self.contact)
        self.assertRecordValues(
            contact, [{"role": "other", "key_person_id": False, "stance": "unknown"}]
        )
        # The role in this decision does not change the portrait.
        member.role = "business_evaluator"
        self.assertEqual(self.kp_cfo.decision_role, "decision_maker")

    def test_member_of_another_customer(self):
        with self.assertRaisesMessage(ValidationError, "does not work for Nordwind"):
            self.chain_member(self.other_person)
        with self.assertRaisesMessage(ValidationError, "does not work for Nordwind"):
            self.chain_member(self.cfo, reports_to_id=self.rival.id)
        self.assertFalse(self.lead.kam_decision_member_ids)

    def test_opportunity_of_a_customer_that_is_no_key_account(self):
        lead, person = self.stranger_lead()
        self.assertFalse(lead.with_user(self.kam_user).kam_account_id)
        with self.assertRaisesMessage(UserError, "nominate it first"):
            self.chain_member(person, lead=lead)

    def test_project_reporting_cycle(self):
        self.chain_member(self.ceo, reports_to_id=self.cfo.id)
        with self.assertRaisesMessage(ValidationError, "circle"):
            self.chain_member(self.cfo, reports_to_id=self.ceo.id)
        self.assertEqual(len(self.lead.kam_decision_member_ids), 1)

    def test_not_covered(self):
        # Even a salesperson who sees every opportunity changes the decision chain
        # only of the accounts whose team they are in.
        self.kam_user_2.groups_id |= self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        with self.assertRaisesMessage(AccessError, "(kam.decision.member)"):
            self.chain_member(self.ceo, user=self.kam_user_2)
        member = self.chain_member(self.ceo)
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            member.with_user(self.kam_user_2).role = "coach"
        self.assertEqual(member.role, "decision_maker")

    def test_changing_the_customer_of_a_mapped_opportunity(self):
        self.chain_member(self.ceo)
        with self.assertRaisesMessage(ValidationError, "Greta Stein"):
            self.lead.with_user(self.kam_user).partner_id = self.other_customer
        self.assertEqual(self.lead.partner_id, self.customer)

    def test_summary(self):
        lead = self.lead.with_user(self.kam_user)
        self.assertEqual(lead.kam_account_id, self.account)
        # No chain yet: the customer's key persons count.
        self.assertEqual(lead.kam_decision_maker_count, 2)
        self.assertEqual(lead.kam_supporting_decision_maker_count, 1)
        self.chain_member(self.ceo)
        self.chain_member(self.cfo)
        self.chain_member(self.buyer)
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
        self.chain_member(self.cfo)
        self.chain_member(self.buyer, reports_to_id=self.ceo.id)
        network = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            .get_map_data("crm.lead", self.lead.id)
        )
        self.assertEqual(network["account"]["id"], self.account.id)
        self.assertEqual(network["lead"]["id"], self.lead.id)
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
        self.assertIn(
            "For this opportunity Rick Rival influences Paul Berg Negative/Low "
            "instead of Negative/High.",
            differences,
        )
        # The customer map itself is unchanged.
        account_map = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            .get_map_data("kam.account", self.account.id)
        )
        edges = {(e["from"], e["to"]): e for e in account_map["influences"]}
        self.assertEqual(edges[(self.rival.id, self.cfo.id)]["strength"], "high")
        self.assertNotIn((self.assistant.id, self.buyer.id), edges)
        self.assertFalse(account_map["differences"])
