from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_partner import KAM_DECISION_ROLES, KAM_STANCES

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
        """Networks of `accounts` (res.partner companies) and of `leads` (crm.lead).

        Returns {('account', id) | ('lead', id): network dict}.
        """
        leads = leads if leads is not None else self.env["crm.lead"]
        lead_account = {
            lead.id: lead.partner_id.commercial_partner_id for lead in leads
        }
        all_accounts = accounts | self.env["res.partner"].concat(*lead_account.values())
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        people = Partner.search_fetch(
            [
                ("commercial_partner_id", "in", all_accounts.ids),
                ("is_company", "=", False),
                ("type", "=", "contact"),
            ],
            [
                "name",
                "function",
                "commercial_partner_id",
                "kam_department",
                "kam_decision_role",
                "kam_stance",
                "kam_choice_score",
                "kam_is_key_person",
                "kam_is_indirect_key_person",
                "kam_reports_to_id",
            ],
        )
        influences = self.env["kam.influence"].search_fetch(
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
            [
                "influencer_id",
                "influenced_id",
                "account_id",
                "strength",
                "direction",
                "influencer_kind",
                "lead_id",
                "note",
            ],
        )
        members = self.env["kam.decision.member"].search_fetch(
            [("lead_id", "in", leads.ids)],
            ["lead_id", "partner_id", "role", "reports_to_id"],
        )
        # Outsiders (our people, competitors, consultants): name and company, one read.
        outsiders = (influences.influencer_id - people).with_prefetch(
            influences.influencer_id.ids
        )
        outsiders.fetch(["name", "commercial_partner_id"])
        outsiders.commercial_partner_id.fetch(["name"])

        people_of = defaultdict(lambda: Partner)
        for person in people:
            people_of[person.commercial_partner_id.id] |= person
        influences_of = defaultdict(list)
        for influence in influences:
            influences_of[influence.account_id.id].append(influence)
        members_of = defaultdict(list)
        for member in members:
            members_of[member.lead_id.id].append(member)

        result = {}
        for account in accounts:
            result[("account", account.id)] = self._kam_build(
                account,
                people_of[account.id],
                [i for i in influences_of[account.id] if not i.lead_id],
            )
        for lead in leads:
            account = lead_account[lead.id]
            result[("lead", lead.id)] = self._kam_build(
                account,
                people_of[account.id],
                [
                    i
                    for i in influences_of[account.id]
                    if not i.lead_id or i.lead_id == lead
                ],
                lead=lead,
                members=members_of[lead.id],
            )
        return result

    @api.model
    def _kam_build(self, account, people, influences, lead=None, members=()):
        """Assemble one network from prefetched records: no query here."""
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
        boss_of = {p.id: p.kam_reports_to_id.id for p in people if p.kam_reports_to_id}
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

        # Who is on the map: key persons, decision-chain members, people with a
        # reporting line or an influence, and the outsiders who influence them.
        in_edges = set(boss_of) | set(boss_of.values())
        for who, whom in effective:
            in_edges |= {who, whom}
        shown = people.filtered(
            lambda p: (
                p.kam_is_key_person
                or p.kam_is_indirect_key_person
                or p.id in member_of
                or p.id in in_edges
            )
        )
        shown_ids = set(shown.ids)
        nodes = []
        for person in shown:
            member = member_of.get(person.id)
            role = member.role if member else person.kam_decision_role
            nodes.append(
                {
                    "id": person.id,
                    "name": person.name,
                    "function": person.function or "",
                    "department": person.kam_department or "",
                    "group": "customer",
                    "company": account.name,
                    "role": role or "",
                    "role_label": role_label.get(role, ""),
                    "stance": person.kam_stance or "unknown",
                    "stance_label": stance_label[person.kam_stance or "unknown"],
                    "score": person.kam_choice_score,
                    "is_key_person": person.kam_is_key_person,
                    "is_indirect": person.kam_is_indirect_key_person,
                    "in_chain": bool(member),
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
                    "score": 0,
                    "is_key_person": False,
                    "is_indirect": False,
                    "in_chain": False,
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
            "account": {"id": account.id, "name": account.name},
            "lead": {"id": lead.id, "name": lead.name} if lead else False,
            "nodes": nodes,
            "reporting": reporting,
            "influences": edges,
            "differences": differences,
        }
        network["summary"] = self._kam_summary(network)
        return network

    @api.model
    def _kam_summary(self, network):
        """Decision-chain figures: decision makers and supporters among them, key
        persons with no relation to any of our people, and the support score."""
        nodes = [n for n in network["nodes"] if n["group"] == "customer"]
        chain = [n for n in nodes if n["in_chain"]] or [
            n for n in nodes if n["is_key_person"]
        ]
        reached_by_us = {e["to"] for e in network["influences"] if e["kind"] == "ours"}
        delta = defaultdict(int)
        for edge in network["influences"]:
            delta[edge["to"]] += (
                INFLUENCE_WEIGHT[edge["strength"]] * DIRECTION_SIGN[edge["direction"]]
            )
        weighted = total_weight = 0.0
        for node in chain:
            base = node["score"] if node["stance"] != "unknown" else UNKNOWN_SCORE
            score = max(0, min(100, base + delta[node["id"]]))
            weight = ROLE_WEIGHT.get(node["role"] or "other", 1.0)
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
    def get_map_data(self, model, res_id):
        """The relationship map of a customer or of an opportunity, for the browser."""
        if model not in ("res.partner", "crm.lead"):
            raise UserError(
                _("The relationship map is drawn for customers and opportunities.")
            )
        if not self.env.user.has_group("kam_management.group_kam_user"):
            raise AccessError(_("Only Key Accounts users can see relationship maps."))
        record = self.env[model].browse(res_id).exists()
        if not record:
            raise UserError(_("This record no longer exists."))
        record.check_access("read")
        if model == "crm.lead":
            if not record.partner_id:
                raise UserError(
                    _("Set the opportunity's customer to see its relationship map.")
                )
            return self._kam_networks(self.env["res.partner"], record)[
                ("lead", record.id)
            ]
        account = record.commercial_partner_id
        return self._kam_networks(account)[("account", account.id)]
