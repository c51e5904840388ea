import logging

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KamNetworkCommon

_logger = logging.getLogger(__name__)

# Queries of one relationship map, whatever the number of people on it (measured: 5
# and 50 people take 9 each).
MAP_QUERY_BUDGET = 9


@tagged("post_install", "-at_install")
class TestNetwork(KamNetworkCommon):
    def test_account_map(self):
        self.influence(self.assistant, self.ceo, strength="high", direction="positive")
        self.influence(self.ours, self.cfo)
        self.influence(self.rival, self.cio, direction="negative")
        network = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            .get_map_data("kam.account", self.account.id)
        )
        self.assertEqual(
            network["account"],
            {
                "id": self.account.id,
                "name": "Nordwind Logistics",
                "partner_id": self.customer.id,
            },
        )
        self.assertFalse(network["lead"])
        nodes = {n["id"]: n for n in network["nodes"]}
        self.assertEqual(
            set(nodes),
            {
                self.ceo.id,
                self.cfo.id,
                self.cio.id,
                self.buyer.id,
                self.assistant.id,
                self.ours.id,
                self.rival.id,
            },
        )
        self.assertEqual(nodes[self.ceo.id]["stance"], "supporter")
        self.assertEqual(nodes[self.ceo.id]["score"], 75)
        self.assertEqual(nodes[self.ceo.id]["role"], "decision_maker")
        # An unknown score is empty on the map, not 0.
        self.assertIsNone(nodes[self.cio.id]["score"])
        self.assertEqual(nodes[self.cio.id]["stance"], "unknown")
        self.assertTrue(nodes[self.assistant.id]["is_indirect"])
        self.assertFalse(nodes[self.assistant.id]["is_key_person"])
        self.assertEqual(nodes[self.ours.id]["group"], "ours")
        self.assertEqual(nodes[self.rival.id]["group"], "competitor")
        self.assertEqual(nodes[self.rival.id]["company"], "Rival Corp")
        self.assertIn(
            {"from": self.buyer.id, "to": self.cfo.id, "source": "account"},
            network["reporting"],
        )
        self.assertEqual(len(network["influences"]), 3)
        self.assertEqual(
            network["summary"]["uncovered_names"],
            ["Greta Stein", "Ida Lund", "Otto Kern"],
        )
        # Another Key Accounts user reads the same map.
        other = (
            self.env["kam.network"]
            .with_user(self.kam_user_2)
            .get_map_data("kam.account", self.account.id)
        )
        self.assertEqual({n["id"] for n in other["nodes"]}, set(nodes))

    def test_map_refusals(self):
        Network = self.env["kam.network"]
        for user in (self.salesman, self.portal):
            with self.assertRaisesMessage(AccessError, "Only Key Accounts users"):
                Network.with_user(user).get_map_data("kam.account", self.account.id)
        as_user = Network.with_user(self.kam_user)
        with self.assertRaisesMessage(UserError, "key accounts and opportunities"):
            as_user.get_map_data("res.users", self.kam_user.id)
        # A partner is no longer the home of the map: its key account is.
        with self.assertRaisesMessage(UserError, "key accounts and opportunities"):
            as_user.get_map_data("res.partner", self.customer.id)
        for res_id in ("1", [self.account.id], True, None):
            with self.assertRaisesMessage(UserError, "one record at a time"):
                as_user.get_map_data("kam.account", res_id)
        with self.assertRaisesMessage(UserError, "no longer exists"):
            as_user.get_map_data("kam.account", 999999999)
        lead = self.env["crm.lead"].create(
            {"name": "No customer", "type": "opportunity", "user_id": self.kam_user.id}
        )
        with self.assertRaisesMessage(UserError, "not a key account"):
            as_user.get_map_data("crm.lead", lead.id)

    def test_map_of_another_company(self):
        company_2 = self.env["res.company"].create({"name": "KAM Second Company"})
        account_2 = self.make_account(self.customer, company=company_2)
        with self.assertRaises(AccessError):
            self.env["kam.network"].with_user(self.kam_user).get_map_data(
                "kam.account", account_2.id
            )

    def test_map_actions(self):
        action = self.account.with_user(self.kam_user).action_kam_relationship_map()
        self.assertEqual(action["tag"], "kam_relationship_map")
        self.assertEqual(
            action["context"],
            {"active_id": self.account.id, "active_model": "kam.account"},
        )
        # From the customer: the map of its key account in the current company.
        from_partner = self.customer.with_user(
            self.kam_user
        ).action_kam_relationship_map()
        self.assertEqual(from_partner["context"], action["context"])
        # From a portrait: the map of its account.
        self.assertEqual(
            self.kp_cfo.with_user(self.kam_user).action_kam_relationship_map()[
                "context"
            ],
            action["context"],
        )
        stranger = self.env["res.partner"].create(
            {"name": "Unknown Ltd", "is_company": True}
        )
        with self.assertRaisesMessage(UserError, "Unknown Ltd is not a key account"):
            stranger.with_user(self.kam_user).action_kam_relationship_map()

    def _map_queries(self, size):
        """Queries of one map call for a customer with `size` key persons, each but
        the boss reporting to the boss, influenced by the boss and by an outsider."""
        Partner = self.env["res.partner"]
        company = Partner.create({"name": f"Scale {size}", "is_company": True})
        account = self.make_account(company, self.kam_user)
        boss_partner = Partner.create({"name": "Boss", "parent_id": company.id})
        partners = Partner.create(
            [{"name": f"Person {i}", "parent_id": company.id} for i in range(size - 1)]
        )
        KeyPerson = self.env["kam.key.person"]
        boss = KeyPerson.create(
            {"account_id": account.id, "partner_id": boss_partner.id}
        )
        KeyPerson.create(
            [
                {
                    "account_id": account.id,
                    "partner_id": partner.id,
                    "reports_to_id": boss.id,
                    "closeness": str(1 + i % 5),
                }
                for i, partner in enumerate(partners)
            ]
        )
        outsiders = Partner.create(
            [
                {"name": f"Outsider {i}", "parent_id": self.rival.parent_id.id}
                for i in range(size)
            ]
        )
        self.env["kam.influence"].create(
            [
                {
                    "account_id": account.id,
                    "influencer_id": boss_partner.id,
                    "influenced_id": p.id,
                    "strength": "low",
                }
                for p in partners
            ]
            + [
                {
                    "account_id": account.id,
                    "influencer_id": o.id,
                    "influenced_id": p.id,
                }
                for o, p in zip(outsiders, partners, strict=False)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        Network = self.env["kam.network"].with_user(self.kam_user)
        before = self.env.cr.sql_log_count
        with self.assertQueryCount(MAP_QUERY_BUDGET):
            network = Network.get_map_data("kam.account", account.id)
        used = self.env.cr.sql_log_count - before
        self.assertEqual(
            len([n for n in network["nodes"] if n["group"] == "customer"]), size
        )
        self.assertEqual(len(network["influences"]), 2 * (size - 1))
        self.assertEqual(len(network["reporting"]), size - 1)
        return used

    def test_map_query_count_does_not_grow(self):
        # A first call fills the per-user caches (access rules, groups) once.
        self.env.invalidate_all()
        Network = self.env["kam.network"].with_user(self.kam_user)
        Network.get_map_data("kam.account", self.account.id)
        # And a first round of the measured path (its first creations fill the rest).
        self._map_queries(3)
        small, large = self._map_queries(5), self._map_queries(50)
        _logger.info(
            "relationship map queries: 5 people %s, 50 people %s", small, large
        )
        self.assertEqual(small, large)
