import logging
import random
import re

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

_logger = logging.getLogger(__name__)

KAM_USER = "base.group_user,kam_management.group_kam_user"
PEOPLE = 1000
INFLUENCES = 10000
# The budget: from the click to the drawing, in headless Chromium.
DRAW_BUDGET_MS = 1000
# Person 777 is the one searched; 97 is her boss (reports go to (i - 1) // 8);
# 500 influences her strongly.
SEARCHED, BOSS, WHISPER = 777, 97, 500
NAMES = {SEARCHED: "Zora Quill", BOSS: "Bruno Chief", WHISPER: "Ines Whisper"}


class MapTourMixin:
    """Run the map tours on an account and read what they log."""

    def _run_tour(self, tour, account, login):
        """Run a tour on the account and return the "kam_map_" lines it logged."""
        lines = []
        handler = logging.Handler()
        handler.emit = lambda record: lines.append(record.getMessage())
        # The browser's console reaches the test's logger (a child of this module's).
        logger = logging.getLogger(__name__)
        logger.addHandler(handler)
        try:
            self.start_tour(f"/odoo/kam.account/{account.id}", tour, login=login)
        finally:
            logger.removeHandler(handler)
        return [line for line in lines if "kam_map_" in line]

    @staticmethod
    def _draw_ms(lines):
        for line in lines:
            found = re.search(r"kam_map_click_to_draw_ms=(\d+)", line)
            if found:
                return int(found.group(1))
        return None


@tagged("post_install", "-at_install")
class TestMapScale(MapTourMixin, HttpCase):
    """The relationship map of a 1,000-person, 10,000-influence account in the
    browser: fitted on open, a readable default that says what it hides, filters,
    search, focus and back, and drawn within the budget."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rng = random.Random(11)
        # Setup only: the chatter's tracking of 1,000 portraits is not under test.
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user = new_test_user(
            env, login="kam_scale_user", name="Scale Map User", groups=KAM_USER
        )
        Partner = env["res.partner"]
        cls.customer = Partner.create({"name": "KAM Scale Corp", "is_company": True})
        cls.account = env["kam.account"].create(
            {
                "partner_id": cls.customer.id,
                "state": "allocated",
                "member_ids": [
                    Command.create(
                        {
                            "role_id": env.ref(
                                "kam_management.kam_account_role_account_manager"
                            ).id,
                            "user_id": cls.user.id,
                            "date_from": fields.Date.today(),
                        }
                    )
                ],
            }
        )
        rival = Partner.create(
            {"name": "Scale Rival", "is_company": True, "kam_is_competitor": True}
        )
        persons = Partner.create(
            [
                {
                    "name": NAMES.get(i, f"Scale Person {i:04d}"),
                    "parent_id": cls.customer.id,
                    "function": "Manager" if i % 8 == 0 else "Engineer",
                }
                for i in range(PEOPLE)
            ]
        )
        ours = cls.user.partner_id | Partner.create(
            [
                {"name": f"Our Rep {i:02d}", "parent_id": env.company.partner_id.id}
                for i in range(9)
            ]
        )
        rivals = Partner.create(
            [{"name": f"Rival Rep {i}", "parent_id": rival.id} for i in range(5)]
        )
        measures = [False, "1", "2", "3", "4", "5"]
        portraits = env["kam.key.person"].create(
            [
                {
                    "account_id": cls.account.id,
                    "partner_id": person.id,
                    # One in ten is a key person; one in fifty decides.
                    "is_key_person": i % 10 == 0,
                    "decision_role": "decision_maker"
                    if i % 50 == 0
                    else ("technical_evaluator" if i % 10 == 0 else "other"),
                    "closeness": rng.choice(measures),
                    "solution_acceptance": rng.choice(measures),
                    "price_acceptance": rng.choice(measures),
                }
                for i, person in enumerate(persons)
            ]
        )
        # An org chart eight wide: one write per boss.
        reports = {}
        for i in range(1, PEOPLE):
            reports.setdefault((i - 1) // 8, []).append(i)
        for boss, people in reports.items():
            portraits.browse(
                [portraits[i].id for i in people]
            ).reports_to_id = portraits[boss]
        # 10,000 distinct influences: our people and rivals on 300 of them.
        pairs = {(persons[WHISPER].id, persons[SEARCHED].id)}
        influencers = list(persons.ids)
        while len(pairs) < INFLUENCES - 300:
            pair = (rng.choice(influencers), rng.choice(persons.ids))
            if pair[0] != pair[1]:
                pairs.add(pair)
        while len(pairs) < INFLUENCES - 100:
            pairs.add((rng.choice(ours.ids), rng.choice(persons.ids)))
        while len(pairs) < INFLUENCES:
            pairs.add((rng.choice(rivals.ids), rng.choice(persons.ids)))
        whisper = (persons[WHISPER].id, persons[SEARCHED].id)
        env["kam.influence"].create(
            [
                {
                    "account_id": cls.account.id,
                    "influencer_id": who,
                    "influenced_id": whom,
                    "strength": "high"
                    if (who, whom) == whisper
                    else rng.choice(["low", "medium", "high"]),
                    "direction": "positive"
                    if (who, whom) == whisper
                    else rng.choice(["positive", "negative", "unknown"]),
                }
                for who, whom in sorted(pairs)
            ]
        )

    def test_map_at_scale(self):
        network = (
            self.env["kam.network"]
            .with_user(self.user)
            .get_map_data("kam.account", self.account.id)
        )
        total_people = len(network["nodes"])
        self.assertEqual(len(network["influences"]), INFLUENCES)
        # 1,000 people of the customer, 10 of ours, 5 rivals.
        self.assertEqual(total_people, PEOPLE + 15)

        lines = self._run_tour("kam_map_scale_tour", self.account, "kam_scale_user")
        states = {}
        for line in lines:
            found = re.search(
                r"kam_map_state (\w+) people=(\d+)/(\d+) influences=(\d+)/(\d+)", line
            )
            if found:
                label, *figures = found.groups()
                states[label] = tuple(map(int, figures))
        self.assertEqual(
            set(states),
            {"default", "people", "medium", "deciders", "supporters"}
            | {"no_outsiders", "focus", "back", "all"},
            lines,
        )
        for label, state in states.items():
            _logger.info("map at scale, %s: %s", label, state)
        people = {label: state[0] for label, state in states.items()}
        influences = {label: state[2] for label, state in states.items()}
        self.assertTrue(
            all(state[1] == total_people and state[3] == INFLUENCES)
            for state in states.values()
        )
        # The default is readable: key persons and strong influences only.
        key_persons = sum(1 for node in network["nodes"] if node["is_key_person"])
        self.assertLess(people["default"], key_persons + 16)
        self.assertLess(influences["default"], INFLUENCES // 20)
        # Each filter changes what is drawn.
        self.assertGreater(people["people"], people["default"])
        self.assertGreater(influences["medium"], influences["people"])
        self.assertLess(people["deciders"], people["medium"])
        self.assertLess(people["supporters"], people["medium"])
        self.assertLess(people["no_outsiders"], people["medium"])
        # Focus: a neighbourhood, then the map as it was.
        self.assertLess(people["focus"], people["medium"])
        self.assertEqual(states["back"], states["medium"])
        self.assertEqual(
            states["all"], (total_people, total_people, INFLUENCES, INFLUENCES)
        )

        # The drawing time is measured and reported here; its budget (1 s) is the
        # benchmark's to hold, on a quiet machine: a timed test would fail with
        # the load of the shared machine, not with the code.
        draw_ms = self._draw_ms(lines)
        self.assertIsNotNone(draw_ms, lines)
        _logger.info(
            "map of %s people and %s influences drawn in %s ms from the click "
            "(budget %s ms, held by the benchmark)",
            total_people,
            INFLUENCES,
            draw_ms,
            DRAW_BUDGET_MS,
        )


# Runs of the drawing in the benchmark; the fastest counts (the machine is shared).
BENCH_RUNS = 3


@tagged("post_install", "-at_install", "-standard", "kam_bench")
class TestBenchMapDrawing(MapTourMixin, HttpCase):
    """Not in the suite: tools/kam_bench.py runs it on its generated database
    (--test-tags kam_bench). The map of the account with the most people, drawn
    in headless Chromium from the click to the drawing; the line
    "kam_bench_map_draw_ms=" is the benchmark's to read and to hold to budget."""

    def test_bench_map_drawing(self):
        self.env.cr.execute(
            """SELECT account_id, count(*) FROM kam_key_person
                GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1"""
        )
        account_id, people = self.env.cr.fetchone()
        account = self.env["kam.account"].browse(account_id)
        influences = self.env["kam.influence"].search_count(
            [("account_id", "=", account.id)]
        )
        # Rolled back with the test: a manager of the account's company.
        new_test_user(
            self.env,
            login="kam_bench_map",
            name="Bench Map Manager",
            groups="base.group_user,kam_management.group_kam_manager",
            company_id=account.company_id.id,
            company_ids=[Command.set(account.company_id.ids)],
        )
        runs = []
        for _run in range(BENCH_RUNS):
            draw_ms = self._draw_ms(
                self._run_tour("kam_map_scale_draw_tour", account, "kam_bench_map")
            )
            self.assertIsNotNone(draw_ms)
            runs.append(draw_ms)
        _logger.info(
            "kam_bench_map_draw_ms=%s people=%s influences=%s runs=%s",
            min(runs),
            people,
            influences,
            ",".join(map(str, runs)),
        )
