from collections import defaultdict
from heapq import heappop, heappush

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .kam_key_person import KAM_DECISION_ROLES, KAM_STANCES

# How much one influence moves a person's score, by strength; its direction towards
# us gives the sign (an unknown direction moves nothing).
INFLUENCE_WEIGHT = {"low": 5, "medium": 10, "high": 20}
DIRECTION_SIGN = {"positive": 1, "negative": -1, "unknown": 0}
# How much a person's support counts in the opportunity's support score, by role.
ROLE_WEIGHT = {
    "decision_maker": 3.0,
    "technical_evaluator": 2.0,
    "business_evaluator": 2.0,
    "gatekeeper": 1.5,
    "coach": 1.0,
    "other": 1.0,
}
# A person whose stance is unknown counts as undecided.
UNKNOWN_SCORE = 50
# Paths to a key person: how much of a relation one influence carries, by strength;
# a chain carries the product, so a longer chain is weaker than any of its links.
PATH_STRENGTH = {"low": 0.3, "medium": 0.6, "high": 0.9}
PATH_MAX_HOPS = 4
PATH_TOP = 3
# A bound on the search per person, so a dense map cannot stall a request.
PATH_MAX_EXPANSIONS = 20000
# What the engine reads of portraits and influences (the benchmark's floor reads
# the same rows and fields).
NETWORK_PORTRAIT_FIELDS = [
    "account_id",
    "partner_id",
    "department",
    "decision_role",
    "stance",
    "choice_score",
    "has_score",
    "is_key_person",
    "reports_to_id",
    "solution_acceptance",
]
NETWORK_INFLUENCE_FIELDS = [
    "influencer_id",
    "influenced_id",
    "account_id",
    "strength",
    "direction",
    "influencer_kind",
    "lead_id",
    "note",
]


class InfluenceRow:
    """An influence as the builder reads it: its columns, fetched in one query,
    and its people as records of one prefetched set. The builder reads each
    field several times; a record's field access costs microseconds where an
    attribute costs nanoseconds, and a map has ten thousand influences."""

    __slots__ = ("id", *NETWORK_INFLUENCE_FIELDS)

    def __init__(self, values, partners):
        (
            self.id,
            influencer,
            influenced,
            self.account_id,
            self.strength,
            self.direction,
            self.influencer_kind,
            self.lead_id,
            self.note,
        ) = values
        self.influencer_id = partners.browse(influencer)
        self.influenced_id = partners.browse(influenced)


class KamNetwork(models.AbstractModel):
    """The relationship network engine: people, reporting lines and influences of a
    customer, or the effective network of an opportunity (the customer's network
    overridden by the opportunity's own decision chain and influences).

    One batch method, `_kam_networks`, serves the map, the decision-chain summary on
    the opportunity and anything else that needs the network; its query count does not
    grow with the number of people or opportunities.
    """

    _name = "kam.network"
    _description = "Relationship Network Engine"

    @api.model
    def _kam_networks(self, accounts, leads=None):
        """Networks of `accounts` (kam.account) and of `leads` (crm.lead).

        Returns {('account', id) | ('lead', id): network dict}. Leads whose customer
        is no key account of their company have no network.
        """
        leads = leads if leads is not None else self.env["crm.lead"]
        lead_account = {lead.id: lead.kam_account_id for lead in leads}
        leads = leads.filtered(lambda lead: lead_account[lead.id])
        all_accounts = accounts | self.env["kam.account"].concat(*lead_account.values())
        all_accounts.fetch(["partner_id", "name", "lead_expert_id"])
        # Our side beyond our users: the people of the accounts' lead experts (an
        # external expert's influences count as ours).
        experts = all_accounts.lead_expert_id
        experts.fetch(["user_id", "partner_id", "member_partner_ids"])
        experts.user_id.fetch(["partner_id"])
        expert_partners = {
            expert.id: set(
                (
                    expert.user_id.partner_id
                    | expert.partner_id
                    | expert.member_partner_ids
                ).ids
            )
            for expert in experts
        }
        today = fields.Date.context_today(self)
        portraits = self.env["kam.key.person"].search_fetch(
            [("account_id", "in", all_accounts.ids)],
            NETWORK_PORTRAIT_FIELDS,
        )
        # The influences' columns in one query, the record rules applied by the
        # ORM's search: ten thousand records' fields through the ORM cost more
        # than the query.
        Influence = self.env["kam.influence"]
        columns = ["id", *NETWORK_INFLUENCE_FIELDS]
        Influence.flush_model(columns)
        query = Influence._search(
            [
                ("account_id", "in", all_accounts.ids),
                ("lead_id", "in", [False, *leads.ids]),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            # In the order search_fetch gives: an opportunity's entry replaces the
            # customer's in this order.
            order=Influence._order,
        )
        influence_rows = self.env.execute_query(
            query.select(*(SQL.identifier(Influence._table, name) for name in columns))
        )
        members = self.env["kam.decision.member"].search_fetch(
            [("lead_id", "in", leads.ids)],
            ["lead_id", "partner_id", "role", "reports_to_id"],
        )
        # Every person on any map: name, position and company, one read.
        partners = (
            portraits.partner_id
            | self.env["res.partner"].browse(
                {pid for row in influence_rows for pid in (row[1], row[2])}
            )
            | members.partner_id
            | members.reports_to_id
        )
        partners.fetch(["name", "function", "commercial_partner_id"])
        partners.commercial_partner_id.fetch(["name"])

        portraits_of = defaultdict(dict)
        for portrait in portraits:
            portraits_of[portrait.account_id.id][portrait.partner_id.id] = portrait
        influences_of = defaultdict(list)
        for row in influence_rows:
            influence = InfluenceRow(row, partners)
            influences_of[influence.account_id].append(influence)
        members_of = defaultdict(list)
        for member in members:
            members_of[member.lead_id.id].append(member)

        result = {}
        for account in accounts:
            result[("account", account.id)] = self._kam_build(
                account,
                portraits_of[account.id],
                [i for i in influences_of[account.id] if not i.lead_id],
                our_side=expert_partners.get(account.lead_expert_id.id, set()),
            )
        for lead in leads:
            account = lead_account[lead.id]
            result[("lead", lead.id)] = self._kam_build(
                account,
                portraits_of[account.id],
                [
                    i
                    for i in influences_of[account.id]
                    if not i.lead_id or i.lead_id == lead.id
                ],
                lead=lead,
                members=members_of[lead.id],
                our_side=expert_partners.get(account.lead_expert_id.id, set()),
            )
        return result

    @api.model
    def _kam_build(
        self, account, portraits, influences, lead=None, members=(), our_side=()
    ):
        """Assemble one network from prefetched records: no query here.

        `portraits` maps partner ids to the account's kam.key.person records; nodes
        are partners, so that a person keeps one id across maps and opens as a
        contact. `our_side` holds the partners of the account's lead expert, who
        count as our people with our users."""
        role_label = dict(KAM_DECISION_ROLES)
        stance_label = dict(KAM_STANCES)
        Influence = self.env["kam.influence"]
        direction_label = dict(
            Influence._fields["direction"]._description_selection(self.env)
        )
        strength_label = dict(
            Influence._fields["strength"]._description_selection(self.env)
        )
        member_of = {m.partner_id.id: m for m in members}
        differences = []

        # Influences: an opportunity's own entry replaces the customer's entry for the
        # same influencer and person.
        effective = {}
        for influence in sorted(influences, key=lambda i: bool(i.lead_id)):
            pair = (influence.influencer_id.id, influence.influenced_id.id)
            replaced = effective.get(pair)
            effective[pair] = influence
            if influence.lead_id:
                if replaced:
                    differences.append(
                        _(
                            "For this opportunity %(who)s influences %(whom)s "
                            "%(direction)s/%(strength)s instead of "
                            "%(old_direction)s/%(old_strength)s.",
                            who=influence.influencer_id.name,
                            whom=influence.influenced_id.name,
                            direction=direction_label[influence.direction],
                            strength=strength_label[influence.strength],
                            old_direction=direction_label[replaced.direction],
                            old_strength=strength_label[replaced.strength],
                        )
                    )
                else:
                    differences.append(
                        _(
                            "Only in this opportunity: %(who)s influences %(whom)s.",
                            who=influence.influencer_id.name,
                            whom=influence.influenced_id.name,
                        )
                    )

        # Reporting lines: the project's line where the decision chain sets one.
        boss_of = {
            partner_id: portrait.reports_to_id.partner_id.id
            for partner_id, portrait in portraits.items()
            if portrait.reports_to_id
        }
        reporting_source = dict.fromkeys(boss_of, "account")
        for member in members:
            if member.reports_to_id:
                usual = boss_of.get(member.partner_id.id)
                if usual != member.reports_to_id.id:
                    boss_of[member.partner_id.id] = member.reports_to_id.id
                    reporting_source[member.partner_id.id] = "lead"
                    differences.append(
                        _(
                            "In this project %(who)s reports to %(boss)s.",
                            who=member.partner_id.name,
                            boss=member.reports_to_id.name,
                        )
                    )

        # Who is on the map: key persons, indirect key persons (people of the customer
        # who influence one), decision-chain members, and people with a reporting
        # line or an influence; then the outsiders who influence them.
        customer = account.partner_id
        in_edges = set(boss_of) | set(boss_of.values())
        for who, whom in effective:
            in_edges |= {who, whom}
        indirect = {
            who
            for (who, _whom), influence in effective.items()
            if influence.influencer_kind == "internal" and not influence.lead_id
        }
        shown_ids = (
            {pid for pid, portrait in portraits.items() if portrait.is_key_person}
            | set(member_of)
            | indirect
        )
        people = {
            influence.influencer_id.id: influence.influencer_id
            for influence in effective.values()
        }
        people.update((i.influenced_id.id, i.influenced_id) for i in effective.values())
        people.update((m.partner_id.id, m.partner_id) for m in members)
        people.update(
            (m.reports_to_id.id, m.reports_to_id) for m in members if m.reports_to_id
        )
        people.update((pid, p.partner_id) for pid, p in portraits.items())
        for pid in in_edges:
            person = people.get(pid)
            if person and person.commercial_partner_id == customer:
                shown_ids.add(pid)
        nodes = []
        for pid in sorted(shown_ids, key=lambda i: (people[i].name or "", i)):
            person = people[pid]
            portrait = portraits.get(pid)
            member = member_of.get(pid)
            role = (
                member.role
                if member
                else (portrait.decision_role if portrait else False)
            )
            stance = portrait.stance if portrait else "unknown"
            nodes.append(
                {
                    "id": pid,
                    "name": person.name,
                    "function": person.function or "",
                    "department": (portrait.department if portrait else "") or "",
                    "group": "customer",
                    "company": account.name,
                    "role": role or "",
                    "role_label": role_label.get(role, ""),
                    "stance": stance or "unknown",
                    "stance_label": stance_label[stance or "unknown"],
                    # An unknown score is empty, not 0.
                    "score": portrait.choice_score
                    if portrait and portrait.has_score
                    else None,
                    "is_key_person": bool(portrait and portrait.is_key_person),
                    "is_indirect": pid in indirect,
                    "in_chain": bool(member),
                    # Solution acceptance 1-5, None while unknown (the gates).
                    "acceptance": int(portrait.solution_acceptance)
                    if portrait and portrait.solution_acceptance
                    else None,
                }
            )
        outsider_ids = set()
        for influence in effective.values():
            influencer = influence.influencer_id
            if influencer.id in shown_ids or influencer.id in outsider_ids:
                continue
            outsider_ids.add(influencer.id)
            nodes.append(
                {
                    "id": influencer.id,
                    "name": influencer.name,
                    "function": "",
                    "department": "",
                    "group": influence.influencer_kind,
                    # A person without a company is their own commercial partner.
                    "company": influencer.commercial_partner_id.name
                    if influencer.commercial_partner_id != influencer
                    else "",
                    "role": "",
                    "role_label": "",
                    "stance": "unknown",
                    "stance_label": "",
                    "score": None,
                    "is_key_person": False,
                    "is_indirect": False,
                    "in_chain": False,
                    "acceptance": None,
                }
            )
        reporting = [
            {"from": who, "to": boss, "source": reporting_source[who]}
            for who, boss in boss_of.items()
            if who in shown_ids and boss in shown_ids
        ]
        # An influence on someone not on the map (an address, an archived or
        # unreadable contact) has nowhere to point.
        drawn_ids = shown_ids | outsider_ids
        edges = [
            {
                "id": influence.id,
                "from": influence.influencer_id.id,
                "to": influence.influenced_id.id,
                "strength": influence.strength,
                "direction": influence.direction,
                "kind": influence.influencer_kind,
                "source": "lead" if influence.lead_id else "account",
                "note": influence.note or "",
            }
            for influence in effective.values()
            if influence.influenced_id.id in drawn_ids
            and influence.influencer_id.id in drawn_ids
        ]
        network = {
            "account": {
                "id": account.id,
                "name": account.name,
                "partner_id": account.partner_id.id,
            },
            "lead": {"id": lead.id, "name": lead.name} if lead else False,
            "nodes": nodes,
            "reporting": reporting,
            "influences": edges,
            "differences": differences,
        }
        # Our people: our users (and our companies' people) and the lead expert's.
        ours = {e["from"] for e in edges if e["kind"] == "ours"}
        ours |= {e["from"] for e in edges if e["from"] in our_side}
        network["our_side"] = sorted(ours)
        network["summary"] = self._kam_summary(network)
        network["paths"] = self._kam_paths(network)
        return network

    @api.model
    def _kam_summary(self, network):
        """Decision-chain figures: decision makers and supporters among them, key
        persons with no relation to any of our people, and the support score."""
        chain = self._kam_chain(network)
        ours = set(network["our_side"])
        reached_by_us = {e["to"] for e in network["influences"] if e["from"] in ours}
        delta = defaultdict(int)
        for edge in network["influences"]:
            delta[edge["to"]] += (
                INFLUENCE_WEIGHT[edge["strength"]] * DIRECTION_SIGN[edge["direction"]]
            )
        weighted = total_weight = 0.0
        for node in chain:
            base = node["score"] if node["score"] is not None else UNKNOWN_SCORE
            score = max(0, min(100, base + delta[node["id"]]))
            weight = self._kam_role_weight(node["role"])
            weighted += score * weight
            total_weight += weight
        deciders = [n for n in chain if n["role"] == "decision_maker"]
        return {
            "decision_makers": len(deciders),
            "supporting_decision_makers": sum(
                1 for n in deciders if n["stance"] == "supporter"
            ),
            "uncovered_ids": [n["id"] for n in chain if n["id"] not in reached_by_us],
            "uncovered_names": [
                n["name"] for n in chain if n["id"] not in reached_by_us
            ],
            "support_score": round(weighted / total_weight) if total_weight else 0,
            "people": len(chain),
        }

    @api.model
    def _kam_role_weight(self, role):
        """How much a person of this buying role counts in the support score."""
        return ROLE_WEIGHT.get(role or "other", 1.0)

    @api.model
    def _kam_chain(self, network):
        """The people who decide: the opportunity's decision chain, or the
        customer's key persons when it has none (or on an account's map)."""
        nodes = [n for n in network["nodes"] if n["group"] == "customer"]
        return [n for n in nodes if n["in_chain"]] or [
            n for n in nodes if n["is_key_person"]
        ]

    @api.model
    def _kam_paths(self, network):
        """Paths to the decision makers we do not hold: for each decision maker of
        the chain who opposes us or whom none of our people influences, the
        strongest chains of positive influences from one of our people to them,
        at most PATH_MAX_HOPS long, ranked by the product of their strengths
        (PATH_STRENGTH). Who should introduce us to whom. No query here.

        Returns a list of {"target", "name", "why", "paths": [{"people",
        "names", "influences", "strength"}]}, strongest first."""
        ours = set(network["our_side"])
        names = {n["id"]: n["name"] for n in network["nodes"]}
        into = defaultdict(list)
        for edge in network["influences"]:
            if edge["direction"] == "positive":
                into[edge["to"]].append(edge)
        reached = {e["to"] for e in network["influences"] if e["from"] in ours}
        result = []
        for node in self._kam_chain(network):
            if node["role"] != "decision_maker":
                continue
            if node["stance"] == "opponent":
                why = "opponent"
            elif node["id"] not in reached:
                why = "unreached"
            else:
                continue
            result.append(
                {
                    "target": node["id"],
                    "name": node["name"],
                    "why": why,
                    "paths": self._kam_strongest_paths(node["id"], into, ours, names),
                }
            )
        return result

    @api.model
    def _kam_strongest_paths(self, target, into, ours, names):
        """Best-first search backwards from `target` along positive influences.
        Extending a chain never makes it stronger, so chains come off the heap
        strongest first: the first PATH_TOP that start at one of our people are
        the answer. A person appears once in a chain (cycles are cut); a chain
        ends at the first of our people it meets."""
        found = []
        # (-strength, tie-breaker, people from target backwards, influence ids)
        heap = [(-1.0, 0, (target,), ())]
        counter = expansions = 0
        while heap and len(found) < PATH_TOP and expansions < PATH_MAX_EXPANSIONS:
            negative, _tie, people, via = heappop(heap)
            head = people[-1]
            if head in ours and head != target:
                found.append(
                    {
                        "people": list(reversed(people)),
                        "names": [names.get(pid, "") for pid in reversed(people)],
                        "influences": list(reversed(via)),
                        "strength": round(-negative, 4),
                    }
                )
                continue
            if len(via) >= PATH_MAX_HOPS:
                continue
            for edge in into.get(head, ()):
                expansions += 1
                if edge["from"] in people:
                    continue
                counter += 1
                heappush(
                    heap,
                    (
                        negative * PATH_STRENGTH[edge["strength"]],
                        counter,
                        (*people, edge["from"]),
                        (*via, edge["id"]),
                    ),
                )
        return found

    @api.model
    def _kam_gate_results(self, leads, gates):
        """Evaluate `gates` (kam.deal.gate) on each of `leads`' effective network,
        one batch: {lead id: {gate id: [what is missing]}} (an empty list: met).
        A lead whose customer is no key account has no network: every gate says
        why it cannot be evaluated."""
        networks = self._kam_networks(self.env["kam.account"], leads)
        return {
            lead.id: {
                gate.id: self._kam_gate_check(gate, networks.get(("lead", lead.id)))
                for gate in gates
            }
            for lead in leads
        }

    @api.model
    def _kam_gate_check(self, gate, network):
        """What `network` lacks to meet `gate`: a list of sentences, empty when it
        meets it. Data the rule needs and does not have (an unknown acceptance, no
        decision maker) is missing too: a gate that cannot be evaluated holds."""
        if not network:
            return [
                _(
                    "The customer is no key account of this company: the decision "
                    "chain cannot be evaluated. Nominate it first."
                )
            ]
        check = getattr(self, f"_kam_gate_{gate.rule}", None)
        if not check:
            return [
                _(
                    "The gate %(gate)s has a rule this version does not know: it "
                    "cannot be evaluated.",
                    gate=gate.name,
                )
            ]
        chain = [n for n in network["nodes"] if n["in_chain"]]
        ours = set(network["our_side"])
        return check(gate.threshold, network, chain, ours)

    @api.model
    def _kam_gate_chain_mapped(self, need, network, chain, ours):
        missing = []
        if len(chain) < need:
            missing.append(
                _(
                    "The decision chain holds %(count)s people; this stage needs "
                    "%(need)s.",
                    count=len(chain),
                    need=need,
                )
            )
        if not any(n["role"] == "decision_maker" for n in chain):
            missing.append(_("No decision maker in the decision chain."))
        return missing

    @api.model
    def _kam_gate_coach(self, need, network, chain, ours):
        coaches = sum(1 for n in chain if n["role"] == "coach")
        if coaches >= need:
            return []
        return [
            _(
                "%(count)s coach(es) in the decision chain; this stage needs %(need)s.",
                count=coaches,
                need=need,
            )
        ]

    @api.model
    def _kam_gate_support(self, need, network, chain, ours):
        if not chain:
            return [_("No decision chain: the support score cannot be evaluated.")]
        score = network["summary"]["support_score"]
        if score >= need:
            return []
        return [
            _(
                "The decision chain's support score is %(score)s; this stage needs "
                "%(need)s.",
                score=score,
                need=need,
            )
        ]

    @api.model
    def _kam_no_decider(self):
        return [
            _("No decision maker in the decision chain: this gate cannot be evaluated.")
        ]

    @api.model
    def _kam_gate_acceptance(self, need, network, chain, ours):
        deciders = [n for n in chain if n["role"] == "decision_maker"]
        if not deciders:
            return self._kam_no_decider()
        missing = []
        for node in deciders:
            if node["acceptance"] is None:
                missing.append(
                    _(
                        "The solution acceptance of %(name)s is not known: fill in "
                        "the portrait.",
                        name=node["name"],
                    )
                )
            elif node["acceptance"] < need:
                missing.append(
                    _(
                        "%(name)s accepts the solution at level %(level)s of 5; this "
                        "stage needs %(need)s.",
                        name=node["name"],
                        level=node["acceptance"],
                        need=need,
                    )
                )
        return missing

    @api.model
    def _kam_gate_reached(self, need, network, chain, ours):
        deciders = [n for n in chain if n["role"] == "decision_maker"]
        if not deciders:
            return self._kam_no_decider()
        reached = {e["to"] for e in network["influences"] if e["from"] in ours}
        # env._: in a comprehension (its own frame before Python 3.12) _() finds
        # no language and skips the translation.
        return [
            self.env._(
                "None of our people influences %(name)s, a decision maker.",
                name=node["name"],
            )
            for node in deciders
            if node["id"] not in reached
        ]

    @api.model
    def _kam_gate_opponents(self, need, network, chain, ours):
        chain_ids = {n["id"] for n in chain}
        strong = {
            e["from"]
            for e in network["influences"]
            if e["strength"] == "high" and e["to"] in chain_ids
        }
        countered = {
            e["to"]
            for e in network["influences"]
            if e["from"] in ours and e["direction"] == "positive"
        }
        return [
            self.env._(  # env._: see _kam_gate_reached
                "%(name)s opposes us and weighs in the decision, and none of our "
                "people has a positive influence on them.",
                name=node["name"],
            )
            for node in chain
            if node["stance"] == "opponent"
            and (node["role"] == "decision_maker" or node["id"] in strong)
            and node["id"] not in countered
        ]

    @api.model
    def get_map_data(self, model, res_id):
        """The relationship map of a key account or of an opportunity, for the
        browser. Arguments come from a client: each is checked."""
        if model not in ("kam.account", "crm.lead"):
            raise UserError(
                _("The relationship map is drawn for key accounts and opportunities.")
            )
        if isinstance(res_id, bool) or not isinstance(res_id, int):
            raise UserError(
                _("The relationship map is drawn for one record at a time.")
            )
        if not self.env.user.has_group("kam_management.group_kam_user"):
            raise AccessError(_("Only Key Accounts users can see relationship maps."))
        record = self.env[model].browse(res_id).exists()
        if not record:
            raise UserError(_("This record no longer exists."))
        record.check_access("read")
        if model == "crm.lead":
            if not record.kam_account_id:
                raise UserError(
                    _(
                        "The customer of this opportunity is not a key account of "
                        "its company: there is no map to draw."
                    )
                )
            return self._kam_networks(self.env["kam.account"], record)[
                ("lead", record.id)
            ]
        return self._kam_networks(record)[("account", record.id)]
