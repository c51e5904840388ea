"""Big deals (大单) and the stage gates of their deal process: each rule on a known
decision chain, moves refused with what is missing, the managers' override trail,
and the alert when the decision chain supports us far less than the probability
says."""

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.kam_gate_override import kam_is_a_reason
from .common import KAM_MANAGER, KamNetworkCommon

REASON = "The board signed a letter of intent at the fair"
# What a salesperson without Key Accounts rights reads when a deal without any
# decision chain may not be in Proposition: the gates, not what they miss.
EMPTY_CHAIN_INTO_PROPOSITION = [
    "• Decision chain mapped (Qualified)",
    "• At least one coach (Proposition)",
    "• Decision makers accept (Proposition)",
]


@tagged("post_install", "-at_install")
class TestDealGate(KamNetworkCommon):
    """The decision chain of KamNetworkCommon: Greta Stein (decision maker,
    acceptance 4, supporter, 75), Paul Berg (decision maker, acceptance 2,
    opponent, 25), Ida Lund (technical evaluator, nothing known), Otto Kern
    (gatekeeper, 50), Lea Sommer (no role, nothing known)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Own gates, so that the tests do not depend on the shipped ones (which
        # managers edit).
        cls.env["kam.deal.gate"].search([]).active = False
        cls.company.write(
            {"kam_small_deal_threshold": 20000, "kam_support_gap_alert": 30}
        )
        cls.new = cls.env.ref("crm.stage_lead1")
        cls.qualified = cls.env.ref("crm.stage_lead2")
        cls.proposition = cls.env.ref("crm.stage_lead3")
        cls.won = cls.env.ref("crm.stage_lead4")
        # A stage without gates after Proposition: moving there passes the gates
        # of Qualified and Proposition on the way.
        cls.negotiation = cls.env["crm.stage"].create(
            {"name": "Negotiation", "sequence": 4}
        )
        cls.team = cls.env["crm.team"].create({"name": "Key Deals"})
        # Passing another salesperson's deal means moving it: Sales' right to all
        # documents, as for any manager of a sales team.
        cls.kam_manager.groups_id |= cls.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        # Saving settings needs Odoo's Settings right, as for every app.
        cls.settings_user = new_test_user(
            cls.env,
            login="kam_settings",
            name="Sid Settings",
            groups="base.group_user,base.group_system",
        )
        Gate = cls.env["kam.deal.gate"].with_user(cls.kam_manager)
        cls.gate_chain = Gate.create(
            {
                "name": "Decision chain mapped",
                "stage_id": cls.qualified.id,
                "rule": "chain_mapped",
            }
        )
        cls.gate_coach = Gate.create(
            {
                "name": "At least one coach",
                "stage_id": cls.proposition.id,
                "sequence": 10,
                "rule": "coach",
            }
        )
        cls.gate_acceptance = Gate.create(
            {
                "name": "Decision makers accept",
                "stage_id": cls.proposition.id,
                "sequence": 20,
                "rule": "acceptance",
            }
        )
        cls.gate_opponents = Gate.create(
            {
                "name": "No uncountered opponent",
                "stage_id": cls.proposition.id,
                "sequence": 30,
                "rule": "opponents",
            }
        )

    # ------------------------------------------------------------------ helpers
    def deal(self, user=None, revenue=50000, **vals):
        """An opportunity of Nordwind Logistics, created by its salesperson."""
        user = user or self.salesman
        return (
            self.env["crm.lead"]
            .with_user(user)
            .create(
                {
                    "name": "Fleet renewal",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "expected_revenue": revenue,
                    **vals,
                }
            )
        )

    def chain(self, lead, *people, user=None):
        """Put `people` (partners, or (partner, role)) in the lead's decision chain:
        as `user` (a member of the account's team), or as set-up data where the
        lead's owner is a plain salesperson, who has no Key Accounts rights."""
        Member = self.env["kam.decision.member"]
        if user:
            Member = Member.with_user(user)
        vals_list = []
        for person in people:
            partner, role = person if isinstance(person, tuple) else (person, None)
            vals = {"lead_id": lead.id, "partner_id": partner.id}
            if role:
                vals["role"] = role
            vals_list.append(vals)
        return Member.create(vals_list)

    def missing(self, gate, lead=None):
        """What the decision chain lacks to meet `gate`, as a Key Accounts user
        reads the engine's answer."""
        lead = lead or self.lead
        results = (
            self.env["kam.network"]
            .with_user(self.kam_user)
            ._kam_gate_results(lead, gate)
        )
        return results[lead.id][gate.id]

    def gate(self, **vals):
        return self.env["kam.deal.gate"].with_user(self.kam_manager).create(vals)

    def move(self, lead, stage, user=None):
        lead.with_user(user or self.salesman).write({"stage_id": stage.id})

    def refusal(self, name, stage, lines, detailed=True):
        """The message a Key Accounts user (`detailed`: what each gate misses) or
        a salesperson without Key Accounts rights (the gates only) reads when the
        opportunity `name` may not move into `stage`."""
        if detailed:
            advice = (
                "Complete the decision chain, or ask a Key Accounts manager to let "
                "the deal pass with a reason."
            )
        else:
            advice = (
                "Ask the key account's team what the decision chain still lacks, or "
                "a Key Accounts manager to let the deal pass with a reason."
            )
        return "\n".join(
            [
                f"{name} is a big deal and cannot move into {stage.name} yet:",
                *lines,
                "",
                advice,
            ]
        )

    def complete_chain(self, lead):
        """A decision chain that meets every gate of the pipeline (Greta Stein
        decides and accepts at 4, a coach, three people, no opponent), put in as
        set-up data by the account's team."""
        return self.chain(lead, self.ceo, self.buyer, (self.assistant, "coach"))

    def pass_gates(self, lead, stage):
        """A Key Accounts manager lets `lead` into `stage` with a reason."""
        self.env["kam.gate.pass"].with_user(self.kam_manager).create(
            {"lead_id": lead.id, "stage_id": stage.id, "reason": REASON}
        ).action_pass()

    def counts(self):
        """Opportunities (archived ones too), overrides and decision-chain members
        in the database."""
        env = self.env(context={"active_test": False})
        return (
            env["crm.lead"].search_count([]),
            env["kam.gate.override"].search_count([]),
            env["kam.decision.member"].search_count([]),
        )

    def assertRefused(self, caught, stage, lines=None, name="Fleet renewal"):
        """The refusal a salesperson without Key Accounts rights reads."""
        self.assertEqual(
            str(caught.exception),
            self.refusal(
                name, stage, lines or EMPTY_CHAIN_INTO_PROPOSITION, detailed=False
            ),
        )

    def settings(self, **vals):
        self.env["res.config.settings"].with_user(self.settings_user).create(
            vals
        ).execute()

    # ------------------------------------------------------------------ the rules
    def test_big_deals_of_the_crm_before_install(self):
        """The leads that were in the CRM before the addon (crm's demo data in the
        template) got their Big Deal flag from the install hook's statement: the
        same as the ORM's computation."""
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("kam_big_deal_marked", "=", False)])
        )
        self.assertTrue(leads)
        stored = {lead.id: lead.kam_is_big_deal for lead in leads}
        leads._compute_kam_is_big_deal()
        self.assertEqual(stored, {lead.id: lead.kam_is_big_deal for lead in leads})
        self.assertIn(True, stored.values())
        self.assertIn(False, stored.values())

    def test_rule_chain_mapped(self):
        gate = self.gate_chain
        self.assertEqual(gate.threshold, 3)
        self.assertEqual(
            self.missing(gate),
            [
                "The decision chain holds 0 people; this stage needs 3.",
                "No decision maker in the decision chain.",
            ],
        )
        self.chain(self.lead, self.cio, self.buyer, user=self.kam_user)
        self.assertEqual(
            self.missing(gate),
            [
                "The decision chain holds 2 people; this stage needs 3.",
                "No decision maker in the decision chain.",
            ],
        )
        self.chain(self.lead, self.assistant, user=self.kam_user)
        self.assertEqual(
            self.missing(gate), ["No decision maker in the decision chain."]
        )
        self.chain(self.lead, self.ceo, user=self.kam_user)
        self.assertEqual(self.missing(gate), [])

    def test_rule_coach(self):
        gate = self.gate_coach
        self.chain(self.lead, self.ceo, user=self.kam_user)
        self.assertEqual(
            self.missing(gate),
            ["0 coach(es) in the decision chain; this stage needs 1."],
        )
        self.chain(self.lead, (self.assistant, "coach"), user=self.kam_user)
        self.assertEqual(self.missing(gate), [])
        gate.with_user(self.kam_manager).threshold = 2
        self.assertEqual(
            self.missing(gate),
            ["1 coach(es) in the decision chain; this stage needs 2."],
        )

    def test_rule_acceptance(self):
        gate = self.gate_acceptance
        self.assertEqual(gate.threshold, 3)
        # No decision maker: the rule has nothing to judge, and holds.
        self.chain(self.lead, self.buyer, user=self.kam_user)
        self.assertEqual(
            self.missing(gate),
            ["No decision maker in the decision chain: this gate cannot be evaluated."],
        )
        self.chain(
            self.lead,
            self.ceo,
            self.cfo,
            (self.cio, "decision_maker"),
            user=self.kam_user,
        )
        # Greta Stein accepts at 4; nobody knows Ida Lund's acceptance (which holds
        # too); Paul Berg is at 2.
        self.assertEqual(
            self.missing(gate),
            [
                (
                    "The solution acceptance of Ida Lund is not known: fill in the "
                    "portrait."
                ),
                "Paul Berg accepts the solution at level 2 of 5; this stage needs 3.",
            ],
        )
        self.kp_cio.with_user(self.kam_user).solution_acceptance = "5"
        self.kp_cfo.with_user(self.kam_user).solution_acceptance = "3"
        self.assertEqual(self.missing(gate), [])

    def test_rule_support(self):
        gate = self.gate(
            name="Chain behind us", stage_id=self.proposition.id, rule="support"
        )
        self.assertEqual(gate.threshold, 50)
        self.assertEqual(
            self.missing(gate),
            ["No decision chain: the support score cannot be evaluated."],
        )
        # (75*3 + 25*3 + 50*1.5) / 7.5 = 50
        self.chain(self.lead, self.ceo, self.cfo, self.buyer, user=self.kam_user)
        self.assertEqual(self.missing(gate), [])
        # A rival's medium negative influence takes Greta Stein to 65:
        # (65*3 + 25*3 + 50*1.5) / 7.5 = 46
        self.influence(self.rival, self.ceo, strength="medium", direction="negative")
        self.assertEqual(
            self.missing(gate),
            ["The decision chain's support score is 46; this stage needs 50."],
        )
        self.assertEqual(self.lead.with_user(self.kam_user).kam_support_score, 46)

    def test_rule_reached(self):
        gate = self.gate(
            name="Deciders reached", stage_id=self.proposition.id, rule="reached"
        )
        self.assertFalse(gate.needs_threshold)
        self.chain(self.lead, self.buyer, user=self.kam_user)
        self.assertEqual(
            self.missing(gate),
            ["No decision maker in the decision chain: this gate cannot be evaluated."],
        )
        self.chain(self.lead, self.ceo, self.cfo, user=self.kam_user)
        self.influence(self.ours, self.cfo, strength="high", direction="positive")
        # A rival's influence is no relation of ours.
        self.influence(self.rival, self.ceo, direction="positive")
        self.assertEqual(
            self.missing(gate),
            ["None of our people influences Greta Stein, a decision maker."],
        )
        # Another of our users, in whatever direction: we have a line to her.
        self.influence(self.kam_user_2.partner_id, self.ceo)
        self.assertEqual(self.missing(gate), [])

    def test_rule_opponents(self):
        gate = self.gate_opponents
        self.assertFalse(gate.needs_threshold)
        self.chain(
            self.lead,
            self.ceo,
            self.cfo,
            self.buyer,
            self.assistant,
            user=self.kam_user,
        )
        paul = (
            "Paul Berg opposes us and weighs in the decision, and none of our people "
            "has a positive influence on them."
        )
        self.assertEqual(self.missing(gate), [paul])
        # A negative line of ours counters nothing.
        self.influence(self.ours, self.cfo, strength="high", direction="negative")
        self.assertEqual(self.missing(gate), [paul])
        # An opponent who does not decide weighs in through a high influence only.
        self.kp_assistant.with_user(self.kam_user).closeness = "1"
        self.assertEqual(self.kp_assistant.stance, "opponent")
        self.assertEqual(self.missing(gate), [paul])
        self.influence(self.assistant, self.ceo, strength="high")
        self.assertEqual(
            self.missing(gate),
            [
                (
                    "Lea Sommer opposes us and weighs in the decision, and none of our "
                    "people has a positive influence on them."
                ),
                paul,
            ],
        )
        self.influence(
            self.kam_user_2.partner_id, self.cfo, strength="low", direction="positive"
        )
        self.influence(self.ours, self.assistant, direction="positive")
        self.assertEqual(self.missing(gate), [])

    def test_customer_that_is_no_key_account(self):
        lead, _person = self.stranger_lead()
        self.assertEqual(
            self.missing(self.gate_chain, lead),
            [
                (
                    "The customer is no key account of this company: the decision "
                    "chain cannot be evaluated. Nominate it first."
                )
            ],
        )
        # Its big deals go the pipeline without gates: there is no chain to map.
        lead.with_user(self.kam_user).write(
            {"expected_revenue": 900000, "kam_big_deal_marked": True}
        )
        self.assertTrue(lead.kam_is_big_deal)
        self.move(lead, self.proposition, user=self.kam_user)
        self.assertEqual(lead.stage_id, self.proposition)

    def test_threshold_out_of_bounds(self):
        for rule, threshold, label, high in (
            ("acceptance", 6, "Decision Makers Accept the Solution", 5),
            ("coach", 0, "Coach in the Chain", 20),
            ("chain_mapped", 0, "Decision Chain Mapped", 100),
        ):
            with self.assertRaisesMessage(
                ValidationError,
                f"The gate Too strict cannot be evaluated: the rule {label} takes a "
                f"threshold from 1 to {high}.",
            ):
                self.gate(
                    name="Too strict",
                    stage_id=self.proposition.id,
                    rule=rule,
                    threshold=threshold,
                )
        self.assertFalse(
            self.env["kam.deal.gate"].search([("name", "=", "Too strict")])
        )
        with self.assertRaisesMessage(ValidationError, "from 1 to 20"):
            self.gate_coach.with_user(self.kam_manager).threshold = 21
        self.assertEqual(self.gate_coach.threshold, 1)
        # Rules without a threshold take none.
        self.assertEqual(
            self.gate(
                name="Reached", stage_id=self.proposition.id, rule="reached"
            ).threshold,
            0,
        )
        # Gates are the managers' configuration.
        with self.assertRaises(AccessError):
            self.gate_coach.with_user(self.kam_user).threshold = 2

    # ------------------------------------------------------------------ moves
    def test_big_deal_refused_into_a_gated_stage(self):
        lead = self.deal()
        self.assertTrue(lead.kam_is_big_deal)
        self.assertEqual(lead.stage_id, self.new)
        self.chain(lead, self.ceo, self.cio)
        with self.assertRaises(UserError) as caught:
            lead.with_user(self.salesman).write(
                {"stage_id": self.qualified.id, "description": "Moved on"}
            )
        # A salesperson without Key Accounts rights reads which gate holds, not
        # the portraits behind it.
        self.assertEqual(
            str(caught.exception),
            self.refusal(
                "Fleet renewal",
                self.qualified,
                ["• Decision chain mapped (Qualified)"],
                detailed=False,
            ),
        )
        # Nothing of the refused write is kept.
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.new)
        self.assertFalse(lead.description)
        # Once the chain is mapped, the deal moves.
        self.chain(lead, self.buyer)
        self.move(lead, self.qualified)
        self.assertEqual(lead.stage_id, self.qualified)

    def test_key_accounts_user_is_held_too(self):
        self.lead.with_user(self.kam_user).expected_revenue = 20000
        with self.assertRaisesMessage(UserError, "Fleet telematics is a big deal"):
            self.move(self.lead, self.qualified, user=self.kam_user)
        self.assertEqual(self.lead.stage_id, self.new)

    def test_moving_past_several_stages_meets_every_gate(self):
        # The account manager's own deal: they read what each gate misses.
        lead = self.deal(user=self.kam_user)
        self.chain(lead, self.ceo, (self.assistant, "coach"), user=self.kam_user)
        # The gates of Proposition are met; those of Qualified, passed on the way,
        # are not.
        with self.assertRaises(UserError) as caught:
            self.move(lead, self.negotiation, user=self.kam_user)
        self.assertEqual(
            str(caught.exception),
            self.refusal(
                "Fleet renewal",
                self.negotiation,
                [
                    (
                        "• Decision chain mapped (Qualified): The decision chain holds "
                        "2 people; this stage needs 3."
                    )
                ],
            ),
        )
        # A third person, a decision maker whose acceptance nobody knows: the
        # acceptance gate cannot be evaluated, and holds.
        self.chain(lead, (self.cio, "decision_maker"), user=self.kam_user)
        with self.assertRaises(UserError) as caught:
            self.move(lead, self.negotiation, user=self.kam_user)
        self.assertEqual(
            str(caught.exception),
            self.refusal(
                "Fleet renewal",
                self.negotiation,
                [
                    (
                        "• Decision makers accept (Proposition): The solution "
                        "acceptance of Ida Lund is not known: fill in the portrait."
                    )
                ],
            ),
        )
        self.assertEqual(lead.stage_id, self.new)
        self.kp_cio.with_user(self.kam_user).solution_acceptance = "4"
        self.move(lead, self.negotiation, user=self.kam_user)
        self.assertEqual(lead.stage_id, self.negotiation)

    def test_moving_back_is_never_held(self):
        # A big deal that met the gates up to Proposition, whose chain shrank since:
        # the gates behind it no longer hold.
        lead = self.deal()
        members = self.chain(lead, self.ceo, self.buyer, (self.assistant, "coach"))
        self.move(lead, self.proposition)
        (members - members[0]).unlink()
        self.move(lead, self.qualified)
        self.assertEqual(lead.stage_id, self.qualified)
        self.move(lead, self.new)
        self.assertEqual(lead.stage_id, self.new)
        with self.assertRaisesMessage(UserError, "cannot move into Qualified yet"):
            self.move(lead, self.qualified)

    def test_small_deal_is_not_held(self):
        lead = self.deal(revenue=19999.99)
        self.assertFalse(lead.kam_is_big_deal)
        self.move(lead, self.negotiation)
        self.assertEqual(lead.stage_id, self.negotiation)
        # Marked big whatever its revenue: the gates hold.
        marked = self.deal(revenue=100, kam_big_deal_marked=True)
        self.assertTrue(marked.kam_is_big_deal)
        with self.assertRaisesMessage(UserError, "cannot move into Negotiation yet"):
            self.move(marked, self.negotiation)
        self.assertEqual(marked.stage_id, self.new)

    def test_winning_is_never_held(self):
        # The customer's word: a big deal with no chain at all is won.
        lead = self.deal()
        self.move(lead, self.won)
        self.assertEqual(lead.stage_id, self.won)
        with self.assertRaisesMessage(
            ValidationError,
            "Won is a won stage: winning is the customer's word and is never held. "
            "Put the gate Signed on a stage before it.",
        ):
            self.gate(name="Signed", stage_id=self.won.id, rule="reached")
        with self.assertRaisesMessage(ValidationError, "Won is a won stage"):
            self.gate_coach.with_user(self.kam_manager).stage_id = self.won

    def test_big_deal_follows_the_threshold(self):
        at = self.deal(revenue=20000)
        below = self.deal(revenue=19999.99)
        marked = self.deal(revenue=0, kam_big_deal_marked=True)
        self.assertEqual(
            (at | below | marked).mapped("kam_is_big_deal"), [True, False, True]
        )
        self.settings(kam_small_deal_threshold=25000)
        self.assertEqual(self.company.kam_small_deal_threshold, 25000)
        self.assertEqual(
            (at | below | marked).mapped("kam_is_big_deal"), [False, False, True]
        )
        self.settings(kam_small_deal_threshold=15000)
        self.assertEqual(
            (at | below | marked).mapped("kam_is_big_deal"), [True, True, True]
        )
        # The stored flag is searchable.
        found = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .search(
                [
                    ("kam_is_big_deal", "=", False),
                    ("id", "in", (at | below | marked).ids),
                ]
            )
        )
        self.assertFalse(found)
        marked.with_user(self.salesman).kam_big_deal_marked = False
        self.assertFalse(marked.kam_is_big_deal)

    def test_gates_of_another_company_or_team_do_not_apply(self):
        lead = self.deal()
        # A chain that meets the gates of the pipeline.
        self.chain(lead, self.ceo, self.buyer, (self.assistant, "coach"))
        company_b = self.env["res.company"].create({"name": "KAM Other Company"})
        manager_b = self.company_user(
            "kam_manager_b", "Bea Manager", KAM_MANAGER, company_b
        )
        strict = {"rule": "support", "threshold": 100, "stage_id": self.qualified.id}
        self.env["kam.deal.gate"].with_user(manager_b).create(
            {"name": "Everybody loves us", "company_id": company_b.id, **strict}
        )
        other_team = self.env["crm.team"].create({"name": "Retail"})
        review = self.env["crm.stage"].create(
            {"name": "Retail Review", "sequence": 2, "team_id": other_team.id}
        )
        self.gate(
            name="Ten people", stage_id=review.id, rule="chain_mapped", threshold=10
        )
        self.move(lead, self.proposition)
        self.assertEqual(lead.stage_id, self.proposition)
        # The same gates hold in their own company and team.
        self.move(lead, self.new)
        lead.with_user(self.salesman).team_id = other_team
        with self.assertRaisesMessage(UserError, "\n• Ten people (Retail Review)\n"):
            self.move(lead, self.proposition)
        lead.with_user(self.salesman).team_id = self.team
        self.gate(name="Everybody loves us here", company_id=self.company.id, **strict)
        with self.assertRaisesMessage(
            UserError, "\n• Everybody loves us here (Qualified)\n"
        ):
            self.move(lead, self.proposition)
        self.assertEqual(lead.stage_id, self.new)

    def test_created_straight_into_a_gated_stage(self):
        with self.assertRaises(UserError) as caught:
            self.deal(stage_id=self.proposition.id)
        self.assertEqual(
            str(caught.exception),
            self.refusal(
                "Fleet renewal",
                self.proposition,
                [
                    "• Decision chain mapped (Qualified)",
                    "• At least one coach (Proposition)",
                    "• Decision makers accept (Proposition)",
                ],
                detailed=False,
            ),
        )
        self.assertFalse(
            self.env["crm.lead"].search([("name", "=", "Fleet renewal")]),
            "nothing half-created",
        )
        # New Big Deal on the account fills the chain from the key persons: enough
        # for Qualified, not for Proposition.
        action = self.account.with_user(self.kam_user).action_kam_new_big_deal()
        Lead = (
            self.env["crm.lead"]
            .with_user(self.kam_user)
            .with_context(action["context"])
        )
        lead = Lead.create({"name": "Depot automation", "stage_id": self.qualified.id})
        self.assertEqual(lead.stage_id, self.qualified)
        self.assertEqual(len(lead.kam_decision_member_ids), 4)
        with self.assertRaises(UserError) as caught:
            Lead.create({"name": "Depot automation 2", "stage_id": self.proposition.id})
        missing = [
            (
                "• At least one coach (Proposition): 0 coach(es) in the "
                "decision chain; this stage needs 1."
            ),
            (
                "• Decision makers accept (Proposition): Paul Berg accepts the "
                "solution at level 2 of 5; this stage needs 3."
            ),
            (
                "• No uncountered opponent (Proposition): Paul Berg opposes us "
                "and weighs in the decision, and none of our people has a "
                "positive influence on them."
            ),
        ]
        self.assertEqual(
            str(caught.exception),
            self.refusal("Depot automation 2", self.proposition, missing),
        )
        self.assertFalse(
            self.env["crm.lead"].search([("name", "=", "Depot automation 2")])
        )
        # A manager creating it is refused the same way, without the pass button
        # (RedirectWarning): the refused lead will not exist to be passed.
        env = self.env(context={"active_test": False})
        leads, members = (
            env["crm.lead"].search_count([]),
            env["kam.decision.member"].search_count([]),
        )
        action = self.account.with_user(self.kam_manager).action_kam_new_big_deal()
        Lead = (
            self.env["crm.lead"]
            .with_user(self.kam_manager)
            .with_context(action["context"])
        )
        with self.assertRaises(UserError) as caught:
            Lead.create({"name": "Depot automation 3", "stage_id": self.proposition.id})
        self.assertEqual(type(caught.exception), UserError)
        self.assertEqual(
            str(caught.exception),
            self.refusal("Depot automation 3", self.proposition, missing),
        )
        self.assertEqual(
            (
                env["crm.lead"].search_count([]),
                env["kam.decision.member"].search_count([]),
            ),
            (leads, members),
        )

    # ------------------------------------------------------------------ ways round
    def test_no_way_round_through_a_small_deal(self):
        """Made small, moved, made big again: where it stands, it meets every gate
        up to its stage."""
        lead = self.deal()
        as_sales = lead.with_user(self.salesman)
        as_sales.expected_revenue = 0
        self.assertFalse(lead.kam_is_big_deal)
        # A small deal goes where it likes.
        self.move(lead, self.proposition)
        before = self.counts()
        with self.assertRaises(UserError) as caught:
            as_sales.write({"expected_revenue": 50000, "description": "Grew again"})
        self.assertRefused(caught, self.proposition)
        lead.invalidate_recordset()
        self.assertRecordValues(
            lead,
            [
                {
                    "stage_id": self.proposition.id,
                    "expected_revenue": 0,
                    "kam_is_big_deal": False,
                    "description": False,
                }
            ],
        )
        # The big-deal mark is held the same way.
        with self.assertRaises(UserError) as caught:
            as_sales.kam_big_deal_marked = True
        self.assertRefused(caught, self.proposition)
        lead.invalidate_recordset()
        self.assertFalse(lead.kam_big_deal_marked)
        self.assertEqual(self.counts(), before)
        # Made big back where it met its gates (New has none): accepted.
        as_sales.write({"expected_revenue": 50000, "stage_id": self.new.id})
        self.assertRecordValues(
            lead, [{"stage_id": self.new.id, "kam_is_big_deal": True}]
        )
        # A small deal in Proposition whose chain meets the gates grows big there.
        grown = self.deal(revenue=5000, stage_id=self.proposition.id)
        self.complete_chain(grown)
        grown.with_user(self.salesman).expected_revenue = 80000
        self.assertRecordValues(
            grown, [{"stage_id": self.proposition.id, "kam_is_big_deal": True}]
        )

    def test_no_way_round_through_the_archive(self):
        lead = self.deal()
        as_sales = lead.with_user(self.salesman)
        as_sales.action_set_lost()
        # A lost deal is no deal in the pipeline: moving it is not held...
        self.move(lead, self.proposition)
        before = self.counts()
        # ... restoring it where it now stands is.
        with self.assertRaises(UserError) as caught:
            as_sales.action_unarchive()
        self.assertRefused(caught, self.proposition)
        lead.invalidate_recordset()
        self.assertRecordValues(
            lead, [{"active": False, "stage_id": self.proposition.id}]
        )
        self.assertEqual(self.counts(), before)
        # Restored where it met its gates: accepted.
        self.move(lead, self.new)
        as_sales.action_unarchive()
        self.assertRecordValues(lead, [{"active": True, "stage_id": self.new.id}])

    def test_no_way_round_through_a_lead(self):
        """An opportunity turned lead, moved, converted again."""
        lead = self.deal()
        as_sales = lead.with_user(self.salesman)
        as_sales.type = "lead"
        self.move(lead, self.proposition)
        before = self.counts()
        with self.assertRaises(UserError) as caught:
            as_sales.convert_opportunity(self.customer)
        self.assertRefused(caught, self.proposition)
        lead.invalidate_recordset()
        self.assertRecordValues(
            lead, [{"type": "lead", "stage_id": self.proposition.id}]
        )
        self.assertEqual(self.counts(), before)
        # Once its chain meets the gates, it converts where it stands.
        self.complete_chain(lead)
        as_sales.convert_opportunity(self.customer)
        self.assertRecordValues(
            lead, [{"type": "opportunity", "stage_id": self.proposition.id}]
        )

    def test_no_way_round_through_another_customer(self):
        """Moved while of a customer that is no key account, or of none, and given
        back to the key account."""
        stranger = self.env["res.partner"].create(
            {"name": "Unknown Ltd", "is_company": True}
        )
        lead = self.deal()
        as_sales = lead.with_user(self.salesman)
        for other in (stranger, stranger.browse()):
            with self.subTest(customer=other.name):
                as_sales.partner_id = other
                self.move(lead, self.proposition)
                before = self.counts()
                with self.assertRaises(UserError) as caught:
                    as_sales.partner_id = self.customer
                self.assertRefused(caught, self.proposition)
                lead.invalidate_recordset()
                self.assertRecordValues(
                    lead,
                    [{"partner_id": other.id, "stage_id": self.proposition.id}],
                )
                self.assertEqual(self.counts(), before)
                # Given back where it met its gates: accepted.
                as_sales.write(
                    {"partner_id": self.customer.id, "stage_id": self.new.id}
                )
                self.assertEqual(lead.partner_id, self.customer)

    def test_no_way_round_through_a_merge(self):
        """Merging a big deal into a small one further down the pipeline makes a
        big deal there: it meets the gates up to that stage, or nothing is
        merged."""
        big = self.deal()
        self.chain(big, self.ceo)
        small = self.deal(revenue=0, stage_id=self.proposition.id)
        big_messages = big.message_ids
        before = self.counts()
        with self.assertRaises(UserError) as caught:
            (big | small).with_user(self.salesman).merge_opportunity()
        # The merged deal would be the one in Proposition, with the big revenue.
        self.assertRefused(caught, self.proposition)
        self.env.invalidate_all()
        self.assertEqual(self.counts(), before)
        self.assertRecordValues(
            big | small,
            [
                {"stage_id": self.new.id, "expected_revenue": 50000},
                {"stage_id": self.proposition.id, "expected_revenue": 0},
            ],
        )
        self.assertEqual(big.message_ids, big_messages)
        # With a chain that meets the gates, the merge goes through.
        self.chain(small, self.ceo, self.buyer, (self.assistant, "coach"))
        merged = (big | small).with_user(self.salesman).merge_opportunity()
        self.assertEqual(merged, small)
        self.assertFalse(big.exists())
        self.assertRecordValues(
            merged,
            [
                {
                    "stage_id": self.proposition.id,
                    "expected_revenue": 50000,
                    "kam_is_big_deal": True,
                }
            ],
        )

    def test_no_way_round_through_a_fast_lane_quotation(self):
        """A small opportunity in Proposition, quoted through the fast lane: the
        quotation turning out big makes it a big deal there, which meets the gates
        up to Proposition first."""
        product = self.env["product.product"].create(
            {"name": "Telematics unit", "type": "service", "list_price": 1000}
        )
        lead = self.deal(revenue=5000, stage_id=self.proposition.id)
        action = lead.with_user(self.salesman).action_kam_fast_lane_quotation()
        form = Form(
            self.env["sale.order"]
            .with_user(self.salesman)
            .with_context(**action["context"])
        )
        with form.order_line.new() as line:
            line.product_id = product
            line.price_unit = 30000
        order = form.save()
        self.assertRecordValues(
            order, [{"opportunity_id": lead.id, "kam_fast_lane": True}]
        )
        before = self.counts()
        with self.assertRaises(UserError) as caught:
            order.with_user(self.salesman).action_kam_make_big_deal()
        self.assertRefused(caught, self.proposition)
        self.env.invalidate_all()
        self.assertEqual(self.counts(), before)
        self.assertRecordValues(
            lead,
            [
                {
                    "kam_big_deal_marked": False,
                    "expected_revenue": 5000,
                    "stage_id": self.proposition.id,
                }
            ],
        )
        self.assertRecordValues(
            order, [{"opportunity_id": lead.id, "kam_fast_lane": True}]
        )
        # Once the account's team has mapped the chain, it becomes a big deal.
        self.complete_chain(lead)
        order.with_user(self.salesman).action_kam_make_big_deal()
        self.assertRecordValues(
            lead,
            [
                {
                    "kam_big_deal_marked": True,
                    "expected_revenue": 30000,
                    "stage_id": self.proposition.id,
                }
            ],
        )
        self.assertRecordValues(
            order, [{"opportunity_id": lead.id, "kam_fast_lane": False}]
        )

    def test_out_of_won_starts_over(self):
        """A detour through Won skips nothing: out of it, a deal meets every gate
        up to its new stage."""
        lead = self.deal()
        self.move(lead, self.won)
        with self.assertRaises(UserError) as caught:
            self.move(lead, self.proposition)
        self.assertRefused(caught, self.proposition)
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.won)
        # Reopened at the start, or past the gates with a chain that meets them.
        self.move(lead, self.new)
        self.assertEqual(lead.stage_id, self.new)
        self.move(lead, self.won)
        self.complete_chain(lead)
        self.move(lead, self.negotiation)
        self.assertEqual(lead.stage_id, self.negotiation)

    def test_manager_refused_in_place_is_not_offered_a_pass(self):
        """A manager's write that makes a deal big where it stands is refused
        without the pass button: the pass wizard moves a deal, and this one would
        already be in its stage. Moved back, made big, passed forward: the way."""
        lead = self.deal(revenue=5000, stage_id=self.proposition.id)
        as_manager = lead.with_user(self.kam_manager)
        before = self.counts()
        with self.assertRaises(UserError) as caught:
            as_manager.expected_revenue = 50000
        self.assertEqual(type(caught.exception), UserError)
        self.assertIn(
            "Fleet renewal is a big deal and cannot move into Proposition yet:\n"
            "• Decision chain mapped (Qualified): The decision chain holds 0 people; "
            "this stage needs 3.",
            str(caught.exception),
        )
        self.assertEqual(self.counts(), before)
        lead.invalidate_recordset()
        self.assertEqual(lead.expected_revenue, 5000)
        as_manager.write({"expected_revenue": 50000, "stage_id": self.new.id})
        self.pass_gates(lead, self.proposition)
        self.assertEqual(lead.stage_id, self.proposition)
        self.assertEqual(self.counts()[1], before[1] + 2)

    def test_refusal_tells_portraits_to_key_accounts_users_only(self):
        """A salesperson without Key Accounts rights reads which gates hold; the
        portraits behind them (who accepts what, who opposes us) are for Key
        Accounts users, who read every account's portraits."""
        refusals = {}
        for user in (self.salesman, self.kam_user, self.kam_user_2):
            lead = self.deal(user=user)
            self.chain(lead, self.ceo, self.cfo, self.cio)
            with self.assertRaises(UserError) as caught:
                self.move(lead, self.proposition, user=user)
            lead.invalidate_recordset()
            self.assertEqual(lead.stage_id, self.new)
            refusals[user] = str(caught.exception)
        brief = refusals[self.salesman]
        self.assertEqual(
            brief,
            self.refusal(
                "Fleet renewal",
                self.proposition,
                [
                    "• At least one coach (Proposition)",
                    "• Decision makers accept (Proposition)",
                    "• No uncountered opponent (Proposition)",
                ],
                detailed=False,
            ),
        )
        for name in ("Greta Stein", "Paul Berg", "Ida Lund", "Otto Kern"):
            self.assertNotIn(name, brief)
        detailed = self.refusal(
            "Fleet renewal",
            self.proposition,
            [
                (
                    "• At least one coach (Proposition): 0 coach(es) in the decision "
                    "chain; this stage needs 1."
                ),
                (
                    "• Decision makers accept (Proposition): Paul Berg accepts the "
                    "solution at level 2 of 5; this stage needs 3."
                ),
                (
                    "• No uncountered opponent (Proposition): Paul Berg opposes us "
                    "and weighs in the decision, and none of our people has a "
                    "positive influence on them."
                ),
            ],
        )
        # The account's own team, and a Key Accounts user of another account (who
        # reads the portrait anyway).
        self.assertEqual(refusals[self.kam_user], detailed)
        self.assertEqual(refusals[self.kam_user_2], detailed)
        self.assertEqual(
            self.kp_cfo.with_user(self.kam_user_2).solution_acceptance, "2"
        )
        # The salesperson cannot read the portrait whose detail was held back.
        with self.assertRaises(AccessError):
            self.kp_cfo.with_user(self.salesman).solution_acceptance  # noqa: B018

    # ------------------------------------------------------------------ override
    def test_only_managers_pass(self):
        lead = self.deal()
        self.chain(lead, self.ceo, self.cio)
        # The salesperson is told to ask a manager, not offered the way round.
        with self.assertRaisesMessage(
            UserError, "or a Key Accounts manager to let the deal pass with a reason."
        ):
            self.move(lead, self.proposition)
        for user in (self.salesman, self.kam_user):
            with self.assertRaises(AccessError):
                self.env["kam.gate.pass"].with_user(user).create(
                    {
                        "lead_id": lead.id,
                        "stage_id": self.proposition.id,
                        "reason": REASON,
                    }
                )
            with self.assertRaises(AccessError):
                self.env["kam.gate.override"].with_user(user).create(
                    {
                        "lead_id": lead.id,
                        "stage_id": self.proposition.id,
                        "reason": REASON,
                    }
                )
        with self.assertRaisesMessage(AccessError, "Only Key Accounts managers"):
            self.lead.with_user(self.kam_user).action_kam_pass_gate()
        # A wizard a manager opened is no way round either.
        wizard = (
            self.env["kam.gate.pass"]
            .with_user(self.kam_manager)
            .create(
                {
                    "lead_id": lead.id,
                    "stage_id": self.proposition.id,
                    "reason": REASON,
                }
            )
        )
        for user in (self.salesman, self.kam_user):
            with self.assertRaisesMessage(AccessError, "Only Key Accounts managers"):
                wizard.with_user(user).action_pass()
        self.assertEqual(lead.stage_id, self.new)
        self.assertFalse(
            self.env["kam.gate.override"].search([("lead_id", "=", lead.id)])
        )

    def test_override_trail(self):
        lead = self.deal()
        self.chain(lead, self.ceo, self.cio)
        manager_lead = lead.with_user(self.kam_manager)
        missing = [
            (
                "• Decision chain mapped (Qualified): The decision chain holds 2 "
                "people; this stage needs 3."
            ),
            (
                "• At least one coach (Proposition): 0 coach(es) in the decision "
                "chain; this stage needs 1."
            ),
        ]
        # What the gates say now.
        status = manager_lead.kam_gate_status
        self.assertIn(
            "<td>Qualified</td><td>Decision chain mapped</td>"
            "<td class='text-danger fw-bold'>Not met</td>"
            "<td>The decision chain holds 2 people; this stage needs 3.</td>",
            status,
        )
        self.assertIn(
            "<td>Proposition</td><td>Decision makers accept</td>"
            "<td class='text-success fw-bold'>Met</td><td></td>",
            status,
        )
        # The manager is offered the way round.
        with self.assertRaises(RedirectWarning) as caught:
            manager_lead.stage_id = self.proposition
        message, action_id, _button, context = caught.exception.args
        self.assertEqual(
            message,
            "\n".join(
                [
                    "Fleet renewal is a big deal and cannot move into Proposition yet:",
                    *missing,
                    "",
                    "As a Key Accounts manager you may let it pass with a reason.",
                ]
            ),
        )
        self.assertEqual(
            action_id, self.env.ref("kam_management.kam_gate_pass_action").id
        )
        self.assertEqual(
            context,
            {"default_lead_id": lead.id, "default_stage_id": self.proposition.id},
        )
        lead.invalidate_recordset()
        self.assertEqual(lead.stage_id, self.new)
        Wizard = self.env["kam.gate.pass"].with_user(self.kam_manager)
        # Too short a reason: refused, and nothing is kept.
        with Form(Wizard.with_context(context)) as form:
            self.assertEqual(form.missing, "\n".join(missing))
            form.reason = "Trust me"
        with self.assertRaisesMessage(ValidationError, "Say why Fleet renewal may"):
            form.record.action_pass()
        Override = self.env["kam.gate.override"].with_user(self.kam_user)
        self.assertFalse(Override.search([("lead_id", "=", lead.id)]))
        self.assertEqual(lead.stage_id, self.new)
        # With a reason: one override per gated stage passed.
        with freeze_time("2026-03-04 10:00:00"):
            with Form(Wizard.with_context(context)) as form:
                form.reason = REASON
            form.record.action_pass()
        self.assertEqual(lead.stage_id, self.proposition)
        overrides = Override.search([("lead_id", "=", lead.id)], order="stage_id")
        when = fields.Datetime.to_datetime("2026-03-04 10:00:00")
        self.assertRecordValues(
            overrides,
            [
                {
                    "account_id": self.account.id,
                    "stage_id": self.qualified.id,
                    "gate_ids": self.gate_chain.ids,
                    "missing": missing[0],
                    "reason": REASON,
                    "user_id": self.kam_manager.id,
                    "date": when,
                },
                {
                    "account_id": self.account.id,
                    "stage_id": self.proposition.id,
                    "gate_ids": self.gate_coach.ids,
                    "missing": missing[1],
                    "reason": REASON,
                    "user_id": self.kam_manager.id,
                    "date": when,
                },
            ],
        )
        self.assertEqual(
            len(
                lead.message_ids.filtered(
                    lambda m: (
                        f"Let into Proposition past its gates by Mona Manager: "
                        f"{REASON}" in str(m.body)
                    )
                )
            ),
            1,
        )
        # The trail stays as it was written.
        with self.assertRaises(AccessError):
            overrides.with_user(self.kam_manager).write({"reason": "Nothing happened"})
        with self.assertRaises(AccessError):
            overrides.with_user(self.kam_manager).unlink()
        with self.assertRaises(AccessError):
            overrides.with_user(self.kam_user).write({"reason": "Nothing happened"})
        self.assertEqual(overrides.mapped("reason"), [REASON, REASON])
        # Later moves through these stages pass.
        self.move(lead, self.new)
        self.move(lead, self.proposition)
        self.assertEqual(lead.stage_id, self.proposition)
        lead.invalidate_recordset()
        status = manager_lead.kam_gate_status
        self.assertIn(
            "<td>Qualified ✓</td><td>Decision chain mapped</td>"
            "<td class='text-warning fw-bold'>Passed by override</td>"
            f"<td>Mona Manager: {REASON}</td>",
            status,
        )
        self.assertIn(
            "<td>Proposition ✓</td><td>At least one coach</td>"
            "<td class='text-warning fw-bold'>Passed by override</td>",
            status,
        )
        self.assertIn(
            "<td>Proposition ✓</td><td>No uncountered opponent</td>"
            "<td class='text-success fw-bold'>Met</td>",
            status,
        )
        # A gate met since shows as met.
        self.chain(lead, self.buyer)
        lead.invalidate_recordset()
        self.assertIn(
            "<td>Qualified ✓</td><td>Decision chain mapped</td>"
            "<td class='text-success fw-bold'>Met</td>",
            manager_lead.kam_gate_status,
        )

    def test_the_trail_follows_a_merge(self):
        """A passed deal merged into another: its overrides go with it, and hold
        for the merged deal."""
        passed = self.deal()
        self.pass_gates(passed, self.proposition)
        overrides = self.env["kam.gate.override"].search([("lead_id", "=", passed.id)])
        self.assertEqual(overrides.stage_id, self.qualified | self.proposition)
        # A small deal further down the pipeline, without any chain: the merged deal
        # is the one in Negotiation, big now, past the gates its trail passed.
        head = self.deal(revenue=0, stage_id=self.negotiation.id)
        leads, count, _members = self.counts()
        merged = (passed | head).with_user(self.salesman).merge_opportunity()
        self.assertEqual(merged, head)
        self.assertFalse(passed.exists())
        self.assertRecordValues(
            merged,
            [
                {
                    "stage_id": self.negotiation.id,
                    "expected_revenue": 50000,
                    "kam_is_big_deal": True,
                }
            ],
        )
        self.assertEqual(self.counts()[:2], (leads - 1, count))
        self.assertEqual(
            self.env["kam.gate.override"]
            .with_user(self.kam_user)
            .search([("lead_id", "=", merged.id)]),
            overrides,
        )
        self.assertIn(
            "Passed by override", merged.with_user(self.kam_user).kam_gate_status
        )

    def test_the_trail_outlives_the_deal(self):
        """A deal a manager let pass is not deleted (it is lost or archived), and
        neither is a stage it was let into."""
        review = self.env["crm.stage"].create({"name": "Board Review", "sequence": 3})
        self.gate(name="Board coach", stage_id=review.id, rule="coach")
        lead = self.deal()
        self.pass_gates(lead, self.negotiation)
        before = self.counts()
        overrides = self.env["kam.gate.override"].search([("lead_id", "=", lead.id)])
        self.assertEqual(len(overrides), 3)
        self.assertIn(review, overrides.stage_id)
        # Deleting deals and stages is the Sales administrator's right.
        sales_manager = new_test_user(
            self.env,
            login="sales_manager",
            name="Sally Pipeline",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        with self.assertRaisesMessage(
            UserError,
            "A Key Accounts manager let this deal pass a stage gate: the trail "
            "is kept. Mark the deal lost or archive it instead.",
        ):
            lead.with_user(sales_manager).unlink()
        self.assertTrue(lead.exists())
        self.assertEqual(self.counts(), before)
        lead.with_user(self.salesman).action_set_lost()
        self.assertFalse(lead.active)
        self.assertEqual(overrides.exists(), overrides)
        # Not a stage a deal was let into past its gates either.
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            review.with_user(sales_manager).unlink()
        self.assertTrue(review.exists())
        self.assertEqual(overrides.exists(), overrides)
        # A gated stage nobody was let into goes, its gates with it; so does a deal
        # without a trail.
        spare = self.env["crm.stage"].create({"name": "Spare", "sequence": 5})
        spare_gate = self.gate(name="Spare gate", stage_id=spare.id, rule="reached")
        spare.with_user(sales_manager).unlink()
        self.assertFalse(spare.exists())
        self.assertFalse(spare_gate.exists())
        plain = self.deal()
        plain.with_user(sales_manager).unlink()
        self.assertFalse(plain.exists())

    def test_gate_status_of_a_small_deal(self):
        # A small deal has no gates to show; a Key Accounts user reads the status
        # of a big one.
        lead = self.lead.with_user(self.kam_user)
        self.assertFalse(lead.kam_is_big_deal)
        self.assertFalse(lead.kam_gate_status)
        lead.kam_big_deal_marked = True
        self.assertIn("Not met", lead.kam_gate_status)
        self.assertNotIn("Passed by override", lead.kam_gate_status)

    # ------------------------------------------------------------------ alert
    def test_support_alert(self):
        hostile = self.deal(user=self.kam_user, probability=80)
        friendly = self.deal(user=self.kam_user, probability=80)
        small = self.deal(user=self.kam_user, revenue=5000, probability=80)
        self.chain(hostile, self.cfo, user=self.kam_user)
        self.chain(friendly, self.ceo, user=self.kam_user)
        self.chain(small, self.cfo, user=self.kam_user)
        leads = (hostile | friendly | small).with_user(self.kam_user)
        self.assertEqual(leads.mapped("probability"), [80, 80, 80])
        self.assertEqual(leads.mapped("kam_support_score"), [25, 75, 25])
        self.assertEqual(leads.mapped("kam_support_alert"), [True, False, False])
        Lead = self.env["crm.lead"].with_user(self.kam_user)

        def flagged(value=True):
            return Lead.search(
                [("kam_support_alert", "=", value), ("id", "in", leads.ids)]
            )

        self.assertEqual(flagged(), hostile)
        self.assertEqual(flagged(False), friendly | small)
        # The company's setting moves the cut: 80 - 25 = 55 points.
        self.settings(kam_support_gap_alert=56)
        self.env.invalidate_all()
        self.assertFalse(flagged())
        self.assertFalse(hostile.with_user(self.kam_user).kam_support_alert)
        self.settings(kam_support_gap_alert=55)
        self.env.invalidate_all()
        self.assertEqual(flagged(), hostile)
        with self.assertRaisesMessage(UserError, "by yes/no"):
            Lead.search([("kam_support_alert", "=", "maybe")])

    def test_support_alert_needs_an_open_opportunity(self):
        hostile = self.deal(user=self.kam_user, probability=80)
        self.chain(hostile, self.cfo, user=self.kam_user)
        as_user = hostile.with_user(self.kam_user)
        self.assertTrue(as_user.kam_support_alert)
        # Won: the pipeline and the chain no longer disagree about anything.
        as_user.probability = 100
        self.assertFalse(as_user.kam_support_alert)
        as_user.probability = 80
        as_user.action_archive()
        self.assertFalse(as_user.kam_support_alert)
        self.assertNotIn(
            hostile,
            self.env["crm.lead"]
            .with_user(self.kam_user)
            .with_context(active_test=False)
            .search([("kam_support_alert", "=", True)]),
        )

    def test_support_alert_needs_people(self):
        """A big deal of a key account with neither a decision chain nor key
        persons: its support is unknown, not low, and it is not flagged."""
        bare = self.env["res.partner"].create(
            {"name": "Bare Metal Ltd", "is_company": True}
        )
        bare_account = self.make_account(bare, self.kam_user)
        lead = (
            self.env["crm.lead"]
            .with_user(self.kam_user)
            .create(
                {
                    "name": "Racks",
                    "type": "opportunity",
                    "partner_id": bare.id,
                    "user_id": self.kam_user.id,
                    "expected_revenue": 50000,
                    "probability": 80,
                }
            )
        )
        Lead = self.env["crm.lead"].with_user(self.kam_user)

        def flagged():
            return Lead.search([("kam_support_alert", "=", True), ("id", "=", lead.id)])

        self.assertRecordValues(
            lead,
            [
                {
                    "kam_account_id": bare_account.id,
                    "kam_is_big_deal": True,
                    "kam_support_score": 0,
                    "kam_support_alert": False,
                }
            ],
        )
        self.assertFalse(flagged())
        self.assertEqual(
            Lead.search([("kam_support_alert", "=", False), ("id", "=", lead.id)]),
            lead,
        )
        # A key person who opposes us: the support is known now, and far below.
        person = self.env["res.partner"].create(
            {"name": "Nils Rack", "parent_id": bare.id}
        )
        self.env["kam.key.person"].with_user(self.kam_user).create(
            {
                "account_id": bare_account.id,
                "partner_id": person.id,
                "decision_role": "decision_maker",
                "closeness": "1",
            }
        )
        lead.invalidate_recordset()
        self.assertLessEqual(lead.kam_support_score, 50)
        self.assertTrue(lead.kam_support_alert)
        self.assertEqual(flagged(), lead)

    def test_a_reason_is_a_few_words_in_any_script(self):
        # Chinese puts no spaces between words: four characters say as much as
        # three English words.
        for text, expected in (
            ("Trust me", False),
            ("  ", False),
            ("好的", False),
            ("价格已谈妥", True),
            ("Board sponsors it", True),
        ):
            self.assertEqual(kam_is_a_reason(text), expected, text)
