"""Paths to a key person: the strongest chains of positive influences from our
people to the decision makers we do not hold (who should introduce us to whom),
found by the network engine on hand-built networks whose answer is known."""

import itertools
import logging
from contextlib import nullcontext

from odoo.tests import tagged

from .common import KamNetworkCommon

_logger = logging.getLogger(__name__)

# Queries of the engine on one account, whatever the size of its network (measured:
# 2, 4 and 20 decision makers take 8 each).
PATHS_QUERY_BUDGET = 8


@tagged("post_install", "-at_install")
class TestPaths(KamNetworkCommon):
    """On the account's map the chain is its key persons: Greta Stein (decision
    maker, supporter), Paul Berg (decision maker, opponent), Ida Lund and Otto
    Kern; Lea Sommer is no key person. Our user Kara Account is `self.ours`."""

    def paths(self, lead=None):
        Network = self.env["kam.network"].with_user(self.kam_user)
        if lead:
            return Network.get_map_data("crm.lead", lead.id)["paths"]
        return Network.get_map_data("kam.account", self.account.id)["paths"]

    def paths_to(self, partner, lead=None):
        """The paths found to `partner` (who must be a target)."""
        entries = {entry["target"]: entry for entry in self.paths(lead)}
        return entries[partner.id]["paths"]

    def link(self, who, whom, strength="high", direction="positive", **vals):
        return self.influence(who, whom, strength=strength, direction=direction, **vals)

    def person(self, name):
        return self.env["res.partner"].create(
            {"name": name, "parent_id": self.customer.id}
        )

    def test_path_through_two_people(self):
        # Greta Stein, a supporter whom we reach directly, is no target.
        self.link(self.ours, self.ceo, strength="low")
        first = self.link(self.ours, self.assistant)
        second = self.link(self.assistant, self.buyer, strength="medium")
        third = self.link(self.buyer, self.cfo)
        self.assertEqual(
            self.paths(),
            [
                {
                    "target": self.cfo.id,
                    "name": "Paul Berg",
                    "why": "opponent",
                    "paths": [
                        {
                            "people": [
                                self.ours.id,
                                self.assistant.id,
                                self.buyer.id,
                                self.cfo.id,
                            ],
                            "names": [
                                "Kara Account",
                                "Lea Sommer",
                                "Otto Kern",
                                "Paul Berg",
                            ],
                            "influences": [first.id, second.id, third.id],
                            # high 0.9 x medium 0.6 x high 0.9
                            "strength": 0.486,
                        }
                    ],
                }
            ],
        )

    def test_paths_ranked_by_product(self):
        self.link(self.ours, self.ceo, strength="low")
        self.link(self.ours, self.assistant)
        self.link(self.assistant, self.buyer, strength="medium")
        self.link(self.buyer, self.cfo)
        colleague = self.kam_user_2.partner_id
        self.link(colleague, self.cio, strength="medium")
        self.link(self.cio, self.cfo, strength="medium")
        self.link(self.ours, self.cfo, strength="low")
        # A fourth path, weaker than the three shown.
        self.link(colleague, self.buyer, strength="low")
        # A consultant is not on our side: no path starts with him.
        self.link(self.consultant, self.cfo)
        found = self.paths_to(self.cfo)
        self.assertEqual(
            [(path["names"], path["strength"]) for path in found],
            [
                (["Kara Account", "Lea Sommer", "Otto Kern", "Paul Berg"], 0.486),
                (["Kim Other", "Ida Lund", "Paul Berg"], 0.36),
                (["Kara Account", "Paul Berg"], 0.3),
            ],
        )

    def test_at_most_four_hops(self):
        self.link(self.ours, self.ceo)
        steps = [self.person(f"Step {i}") for i in range(1, 5)]
        self.link(self.ours, steps[0])
        for who, whom in itertools.pairwise(steps):
            self.link(who, whom)
        self.link(steps[-1], self.cfo)
        # Kara -> Step 1 -> Step 2 -> Step 3 -> Step 4 -> Paul Berg: five hops.
        self.assertEqual(self.paths_to(self.cfo), [])
        # A shortcut from Step 1 to Step 3 makes it four.
        self.link(steps[0], steps[2])
        found = self.paths_to(self.cfo)
        self.assertEqual(len(found), 1)
        self.assertEqual(
            found[0]["names"],
            ["Kara Account", "Step 1", "Step 3", "Step 4", "Paul Berg"],
        )
        self.assertEqual(found[0]["strength"], 0.6561)

    def test_only_positive_influences(self):
        self.link(self.ours, self.ceo)
        self.link(self.ours, self.assistant)
        self.link(self.assistant, self.cfo, direction="negative")
        self.link(self.kam_user_2.partner_id, self.buyer, direction="negative")
        self.link(self.buyer, self.cfo)
        self.link(self.ours, self.cio, direction="unknown")
        self.link(self.cio, self.cfo)
        self.assertEqual(self.paths_to(self.cfo), [])
        self.link(self.ours, self.buyer, strength="low")
        self.assertEqual(
            [path["names"] for path in self.paths_to(self.cfo)],
            [["Kara Account", "Otto Kern", "Paul Berg"]],
        )
        self.assertEqual(self.paths_to(self.cfo)[0]["strength"], 0.27)

    def test_cycle(self):
        self.link(self.ours, self.ceo)
        self.link(self.ours, self.assistant)
        self.link(self.assistant, self.buyer)
        self.link(self.buyer, self.assistant)
        self.link(self.buyer, self.cfo, strength="medium")
        found = self.paths_to(self.cfo)
        self.assertEqual(
            [(path["names"], path["strength"]) for path in found],
            [(["Kara Account", "Lea Sommer", "Otto Kern", "Paul Berg"], 0.486)],
        )

    def test_nobody_reaches(self):
        self.assertEqual(
            self.paths(),
            [
                {
                    "target": self.ceo.id,
                    "name": "Greta Stein",
                    "why": "unreached",
                    "paths": [],
                },
                {
                    "target": self.cfo.id,
                    "name": "Paul Berg",
                    "why": "opponent",
                    "paths": [],
                },
            ],
        )
        # A supporter reached through someone else is still a target: the way in
        # is what is shown.
        self.link(self.ours, self.assistant)
        self.link(self.assistant, self.ceo, strength="medium")
        entries = self.paths()
        self.assertEqual(entries[0]["why"], "unreached")
        self.assertEqual(
            [(path["names"], path["strength"]) for path in entries[0]["paths"]],
            [(["Kara Account", "Lea Sommer", "Greta Stein"], 0.54)],
        )
        # Reached directly: no longer a target.
        self.link(self.ours, self.ceo, strength="low", direction="unknown")
        self.assertEqual([entry["target"] for entry in self.paths()], [self.cfo.id])

    def test_the_lead_experts_partner_is_on_our_side(self):
        self.link(self.ours, self.ceo)
        self.link(self.consultant, self.cfo, strength="medium")
        self.assertEqual(self.paths_to(self.cfo), [])
        self.env["kam.account.member"].with_user(self.kam_manager).create(
            {
                "account_id": self.account.id,
                "role_id": self.role_expert.id,
                "partner_id": self.consultant.id,
            }
        )
        self.assertEqual(self.account.lead_expert_id.partner_id, self.consultant)
        self.assertEqual(
            [(path["names"], path["strength"]) for path in self.paths_to(self.cfo)],
            [(["Cora Counsel", "Paul Berg"], 0.6)],
        )

    def test_way_in_on_the_decision_chain(self):
        Member = self.env["kam.decision.member"].with_user(self.kam_user)
        ceo, cfo = Member.create(
            [
                {"lead_id": self.lead.id, "partner_id": self.ceo.id},
                {"lead_id": self.lead.id, "partner_id": self.cfo.id},
            ]
        )
        self.link(self.ours, self.assistant)
        self.link(self.assistant, self.buyer, strength="medium")
        self.link(self.buyer, self.cfo)
        # An influence for this opportunity only counts in its chain.
        self.link(self.kam_user_2.partner_id, self.cfo, lead_id=self.lead.id)
        self.assertEqual(
            [entry["target"] for entry in self.paths(self.lead)],
            [self.ceo.id, self.cfo.id],
        )
        self.assertEqual(
            cfo.path_text,
            "Kim Other → Paul Berg (0.90)\n"
            "Kara Account → Lea Sommer → Otto Kern → Paul Berg (0.49)",
        )
        self.assertEqual(
            ceo.path_text,
            "No chain of positive influences from our people reaches Greta Stein "
            "within 4 steps.",
        )
        # Not on the customer's map.
        self.assertEqual(
            [path["strength"] for path in self.paths_to(self.cfo)], [0.486]
        )
        self.link(self.ours, self.ceo)
        (ceo | cfo).invalidate_recordset(["path_text"])
        self.assertFalse(ceo.path_text)
        self.assertTrue(cfo.path_text)

    # ------------------------------------------------------------------ queries
    def _network_queries(self, size, budget=PATHS_QUERY_BUDGET):
        """Queries of one engine run on an account with `size` decision makers who
        oppose us, each reached from our user through a person of their own (who
        they influence back: a cycle)."""
        Partner = self.env["res.partner"]
        company = Partner.create({"name": f"Paths {size}", "is_company": True})
        account = self.make_account(company, self.kam_user)
        deciders = Partner.create(
            [{"name": f"Decider {i}", "parent_id": company.id} for i in range(size)]
        )
        aides = Partner.create(
            [{"name": f"Aide {i}", "parent_id": company.id} for i in range(size)]
        )
        self.env["kam.key.person"].create(
            [
                {
                    "account_id": account.id,
                    "partner_id": decider.id,
                    "decision_role": "decision_maker",
                    "closeness": "1",
                }
                for decider in deciders
            ]
        )
        links = []
        for decider, aide in zip(deciders, aides, strict=True):
            links += [
                (self.ours, aide, "high"),
                (aide, decider, "medium"),
                (decider, aide, "low"),
            ]
        self.env["kam.influence"].create(
            [
                {
                    "account_id": account.id,
                    "influencer_id": who.id,
                    "influenced_id": whom.id,
                    "strength": strength,
                    "direction": "positive",
                }
                for who, whom, strength in links
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        Network = self.env["kam.network"].with_user(self.kam_user)
        account = account.with_user(self.kam_user)
        with self.assertQueryCount(budget) if budget else nullcontext():
            # Counted inside: the flushes around the block are not the engine's.
            before = self.env.cr.sql_log_count
            network = Network._kam_networks(account)[("account", account.id)]
            used = self.env.cr.sql_log_count - before
        self.assertEqual(len(network["paths"]), size)
        self.assertEqual(
            {
                (len(entry["paths"]), entry["paths"][0]["strength"])
                for entry in network["paths"]
            },
            {(1, 0.54)},
        )
        return used

    def test_query_count_does_not_grow(self):
        # A first round fills the per-user caches (access rules, groups): not
        # counted.
        self._network_queries(2, budget=None)
        small, large = self._network_queries(4), self._network_queries(20)
        _logger.info(
            "paths engine queries: 4 deciders %s, 20 deciders %s", small, large
        )
        self.assertEqual(small, large)
