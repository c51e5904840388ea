import logging

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KamNetworkCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestNetwork(KamNetworkCommon):
    def test_account_map(self):
        self.influence(self.assistant, self.ceo, strength="high", direction="positive")
        self.influence(self.ours, self.cfo)
        self.influence(self.rival, self.cio, direction="negative")
        network = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            .get_map_data("res.partner", self.cfo.id)
        )
        self.assertEqual(network["account"]["id"], self.account.id)
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
        self.assertEqual(nodes[self.ceo.id]["role"], "decision_maker")
        self.assertTrue(nodes[self.assistant.id]["is_indirect"])
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

    def test_map_refusals(self):
        Network = self.env["kam.network"]
        with self.assertRaises(AccessError):
            Network.with_user(self.salesman).get_map_data(
                "res.partner", self.account.id
            )
        with self.assertRaises(UserError):
            Network.with_user(self.kam_user).get_map_data("res.users", self.kam_user.id)
        lead = self.env["crm.lead"].create(
            {"name": "No customer", "type": "opportunity", "user_id": self.kam_user.id}
        )
        with self.assertRaisesMessage(UserError, "customer"):
            Network.with_user(self.kam_user).get_map_data("crm.lead", lead.id)

    def _map_queries(self, size):
        """Queries of one map call for a customer with `size` key persons, each with a
        boss, an internal and an external influence."""
        Partner = self.env["res.partner"]
        company = Partner.create(
            {"name": f"Scale {size}", "is_company": True, "user_id": self.kam_user.id}
        )
        boss = Partner.create(
            {"name": "Boss", "parent_id": company.id, "kam_is_key_person": True}
        )
        people = Partner.create(
            [
                {
                    "name": f"Person {i}",
                    "parent_id": company.id,
                    "kam_is_key_person": True,
                    "kam_reports_to_id": boss.id,
                    "kam_closeness": str(1 + i % 5),
                }
                for i in range(size - 1)
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
                {"influencer_id": boss.id, "influenced_id": p.id, "strength": "low"}
                for p in people
            ]
            + [
                {"influencer_id": o.id, "influenced_id": p.id}
                for o, p in zip(outsiders, people, strict=False)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        Network = self.env["kam.network"].with_user(self.kam_user)
        before = self.env.cr.sql_log_count
        network = Network.get_map_data("res.partner", company.id)
        used = self.env.cr.sql_log_count - before
        self.assertEqual(
            len([n for n in network["nodes"] if n["group"] == "customer"]), size
        )
        self.assertEqual(len(network["influences"]), 2 * (size - 1))
        return used

    def test_map_query_count_does_not_grow(self):
        # A first call fills the per-user caches (access rules, groups) once.
        self._map_queries(3)
        small, large = self._map_queries(5), self._map_queries(50)
        _logger.info(
            "relationship map queries: 5 people %s, 50 people %s", small, large
        )
        self.assertEqual(small, large)
        # A fixed budget for the whole map, whatever its size.
        self.assertLessEqual(small, 20)
