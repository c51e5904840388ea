from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamNetworkCommon


@tagged("post_install", "-at_install")
class TestInfluence(KamNetworkCommon):
    def test_kinds_are_derived(self):
        internal = self.influence(self.assistant, self.ceo)
        ours = self.influence(self.ours, self.cfo)
        rival = self.influence(self.rival, self.cfo, direction="negative")
        external = self.influence(self.consultant, self.buyer)
        self.assertEqual(internal.influencer_kind, "internal")
        self.assertTrue(internal.is_internal)
        self.assertEqual(ours.influencer_kind, "ours")
        self.assertEqual(rival.influencer_kind, "competitor")
        self.assertEqual(external.influencer_kind, "external")
        self.assertFalse(external.is_internal)
        self.assertEqual(internal.account_id, self.account)
        self.assertEqual(internal.company_id, self.company)

    def test_indirect_key_person(self):
        assistant = self.kp_assistant.with_user(self.kam_user)
        self.assertFalse(assistant.is_indirect_key_person)
        influence = self.influence(self.assistant, self.ceo, strength="high")
        assistant.invalidate_recordset(["is_indirect_key_person"])
        self.assertTrue(assistant.is_indirect_key_person)
        # Outsiders are never indirect key persons; opportunity-only influence neither.
        self.influence(self.rival, self.ceo)
        influence.unlink()
        assistant.invalidate_recordset(["is_indirect_key_person"])
        self.assertFalse(assistant.is_indirect_key_person)
        self.influence(self.assistant, self.cfo, lead_id=self.lead.id)
        assistant.invalidate_recordset(["is_indirect_key_person"])
        self.assertFalse(assistant.is_indirect_key_person)

    @mute_logger("odoo.sql_db")
    def test_self_influence_and_dates(self):
        with self.assertRaises(IntegrityError):
            self.influence(self.ceo, self.ceo)
        with self.assertRaises(IntegrityError):
            self.influence(
                self.ours, self.ceo, date_start="2026-05-01", date_end="2026-04-01"
            )

    def test_exact_duplicates(self):
        self.influence(self.ours, self.cfo)
        with self.assertRaisesMessage(ValidationError, "already influences Paul Berg"):
            self.influence(self.ours, self.cfo, strength="high")
        # The same pair for one opportunity is another scope: allowed once.
        self.influence(self.ours, self.cfo, lead_id=self.lead.id)
        with self.assertRaisesMessage(ValidationError, "for Fleet telematics"):
            self.influence(self.ours, self.cfo, lead_id=self.lead.id)
        self.assertEqual(
            self.env["kam.influence"].search_count(
                [("influenced_id", "=", self.cfo.id)]
            ),
            2,
        )

    def test_influence_must_target_a_customer_person(self):
        with self.assertRaisesMessage(
            ValidationError, "Nordwind Logistics is not a person of Nordwind Logistics"
        ):
            self.influence(self.ours, self.customer, user=self.kam_manager)
        # A person of another customer is not a person of this account.
        with self.assertRaisesMessage(
            ValidationError, "Rita Vance is not a person of Nordwind Logistics"
        ):
            self.influence(self.ours, self.other_person)
        other_lead = self.env["crm.lead"].create(
            {
                "name": "Other deal",
                "type": "opportunity",
                "partner_id": self.other_customer.id,
                "user_id": self.kam_user_2.id,
            }
        )
        with self.assertRaisesMessage(ValidationError, "works for Nordwind Logistics"):
            self.influence(self.ours, self.ceo, lead_id=other_lead.id)
        self.assertFalse(
            self.env["kam.influence"].search([("account_id", "=", self.account.id)])
        )

    def test_opportunity_influence_gets_its_account(self):
        Influence = self.env["kam.influence"].with_user(self.kam_user)
        influence = Influence.create(
            {
                "lead_id": self.lead.id,
                "influencer_id": self.ours.id,
                "influenced_id": self.cfo.id,
            }
        )
        self.assertEqual(influence.account_id, self.account)
        # An opportunity whose customer is no key account has no map to add to.
        lead, person = self.stranger_lead()
        with self.assertRaisesMessage(UserError, "nominate it first"):
            Influence.create(
                {
                    "lead_id": lead.id,
                    "influencer_id": self.ours.id,
                    "influenced_id": person.id,
                }
            )

    def test_influence_stays_with_its_account(self):
        influence = self.influence(self.ours, self.ceo)
        with self.assertRaisesMessage(UserError, "stays with its account"):
            influence.with_user(self.kam_manager).account_id = self.other_account
        self.assertEqual(influence.account_id, self.account)

    def test_rights(self):
        influence = self.influence(self.ours, self.ceo)
        # Another Key Accounts user reads the account's map but does not change it.
        as_other = influence.with_user(self.kam_user_2)
        self.assertEqual(as_other.strength, "medium")
        with self.assertRaisesMessage(AccessError, "only the account's team"):
            as_other.strength = "high"
        with self.assertRaisesMessage(AccessError, "(kam.influence)"):
            self.influence(self.kam_user_2.partner_id, self.cfo, user=self.kam_user_2)
        with self.assertRaises(AccessError):
            influence.with_user(self.salesman).read(["strength"])
        influence.with_user(self.kam_manager).strength = "high"
        self.assertEqual(influence.strength, "high")
