from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
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

    def test_indirect_key_person(self):
        self.assertFalse(self.assistant.kam_is_indirect_key_person)
        influence = self.influence(self.assistant, self.ceo, strength="high")
        self.assertTrue(self.assistant.kam_is_indirect_key_person)
        # Outsiders are never indirect key persons; opportunity-only influence neither.
        self.influence(self.rival, self.ceo)
        self.assertFalse(self.rival.kam_is_indirect_key_person)
        influence.unlink()
        self.assertFalse(self.assistant.kam_is_indirect_key_person)
        self.influence(self.assistant, self.cfo, lead_id=self.lead.id)
        self.assertFalse(self.assistant.kam_is_indirect_key_person)

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
        with self.assertRaisesMessage(ValidationError, "not a person of a customer"):
            self.influence(self.ours, self.account, user=self.kam_manager)
        other_lead = self.env["crm.lead"].create(
            {
                "name": "Other deal",
                "type": "opportunity",
                "partner_id": self.other_account.id,
            }
        )
        with self.assertRaisesMessage(ValidationError, "works for Nordwind Logistics"):
            self.influence(self.ours, self.ceo, lead_id=other_lead.id)

    def test_rights(self):
        influence = self.influence(self.ours, self.ceo)
        # Another Key Accounts user reads the account's map but does not change it.
        as_other = influence.with_user(self.kam_user_2)
        self.assertEqual(as_other.strength, "medium")
        with self.assertRaises(AccessError):
            as_other.strength = "high"
        with self.assertRaises(AccessError):
            self.influence(self.kam_user_2.partner_id, self.cfo, user=self.kam_user_2)
        with self.assertRaises(AccessError):
            influence.with_user(self.salesman).read(["strength"])
        influence.with_user(self.kam_manager).strength = "high"
        self.assertEqual(influence.strength, "high")
