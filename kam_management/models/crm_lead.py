import logging

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError

from .kam_input_mixin import kam_ensure_one

# What decides whether a lead is a big deal held by the gates, and where it stands.
GATE_INPUTS = frozenset(
    {
        "stage_id",
        "type",
        "active",
        "expected_revenue",
        "kam_big_deal_marked",
        "partner_id",
        "company_id",
        "team_id",
    }
)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    kam_account_id = fields.Many2one(
        "kam.account",
        string="Key Account",
        compute="_compute_kam_account_id",
        groups="kam_management.group_kam_user",
        help="The key account of the customer in the opportunity's company.",
    )
    kam_decision_member_ids = fields.One2many(
        "kam.decision.member",
        "lead_id",
        string="Decision Chain",
        groups="kam_management.group_kam_user",
    )
    kam_influence_ids = fields.One2many(
        "kam.influence",
        "lead_id",
        string="Influences in This Opportunity",
        groups="kam_management.group_kam_user",
    )
    kam_decision_maker_count = fields.Integer(
        string="Decision Makers",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
    )
    kam_supporting_decision_maker_count = fields.Integer(
        string="Supporting Decision Makers",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
    )
    kam_support_score = fields.Integer(
        string="Support Score",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
        help="0-100: the decision chain's support for us. Each member's choice score "
        "(50 while unknown), moved by the influences on them (low 5, medium 10, "
        "high 20 points, up for a positive and down for a negative direction), "
        "averaged with "
        "weights by role: decision maker 3, evaluators 2, gatekeeper 1.5, others 1. "
        "Without a decision chain, the customer's key persons count.",
    )
    kam_uncovered_key_person_ids = fields.Many2many(
        "res.partner",
        string="Key Persons Not Reached",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
        help="Key persons of the decision chain that none of our people influences.",
    )
    kam_network_differences = fields.Text(
        string="Differences from the Customer Map",
        compute="_compute_kam_decision_summary",
        groups="kam_management.group_kam_user",
    )

    kam_expert_id = fields.Many2one(
        "kam.lead.expert",
        string="Incubated By",
        index="btree_not_null",
        # An expert of another company is credited nothing here (and its KPIs
        # would count this company's revenue).
        check_company=True,
        groups="kam_management.group_kam_user",
        help="The customer lead expert who incubated this opportunity: set when it "
        "is created on a key account with a lead expert and no open opportunity "
        "(a new customer). The expert's credit is its revenue.",
    )

    # Monetisation (货币化产出): big deals (大单) go the full deal process.
    kam_big_deal_marked = fields.Boolean(
        string="Marked Big Deal",
        help="Treat this opportunity as a big deal whatever its expected revenue.",
    )
    kam_is_big_deal = fields.Boolean(
        string="Big Deal",
        compute="_compute_kam_is_big_deal",
        store=True,
        index=True,
        help="Expected revenue from the company's small-deal threshold, or marked "
        "big: the big-deal process (大单打单过程) with its decision chain and the "
        "stage gates.",
    )
    kam_support_alert = fields.Boolean(
        string="Support Far Below Probability",
        compute="_compute_kam_decision_summary",
        search="_search_kam_support_alert",
        groups="kam_management.group_kam_user",
        help="An open big deal whose decision chain's support score is the "
        "company's alert gap or more below its probability.",
    )
    kam_gate_status = fields.Html(
        string="Stage Gates",
        compute="_compute_kam_gate_status",
        sanitize=False,
        groups="kam_management.group_kam_user",
        help="The gates of the stages ahead and whether the deal meets them now.",
    )
    kam_gate_override_ids = fields.One2many(
        "kam.gate.override",
        "lead_id",
        string="Gates Passed by Override",
        groups="kam_management.group_kam_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        credits = self._kam_expert_credits(vals_list)
        leads = super().create(vals_list)
        # A big deal created straight into a gated stage meets its gates too (no
        # pass button: the refused lead will not exist).
        leads._kam_check_gates(dict.fromkeys(leads.ids), creating=True)
        for lead, experts in zip(leads, credits, strict=True):
            # The expert of the customer's account in the lead's own company (Odoo
            # computes it from the team and the salesperson).
            expert = experts and experts.get(lead.company_id.id or self.env.company.id)
            if expert:
                # sudo: the credit is the system's, whoever creates the lead.
                lead.sudo().kam_expert_id = expert  # sudo: see above
        # The customer's first opportunity ends the iron triangle's acquisition
        # work on its account. sudo: the duties are the system's.
        opportunities = leads.filtered(lambda lead: lead.type == "opportunity")
        if opportunities.partner_id:
            accounts = (
                self.env["kam.account"]
                .sudo()  # sudo: see above
                .search(
                    [
                        (
                            "partner_id",
                            "in",
                            opportunities.partner_id.commercial_partner_id.ids,
                        ),
                        ("state", "=", "allocated"),
                    ]
                )
            )
            accounts._kam_iron_triangle_sync()
        return leads

    def write(self, vals):
        # Whatever makes a lead a gated big deal, not only its stage: otherwise a
        # deal could be moved while small, lost or of another customer, and put
        # back afterwards.
        checking = not GATE_INPUTS.isdisjoint(vals)
        before = self._kam_gate_snapshot() if checking else {}
        result = super().write(vals)
        if checking:
            old_stages = {}
            for lead in self:
                gated, stage = before[lead.id]
                if not gated:
                    # It becomes a gated big deal here: it meets every gate up to
                    # its stage.
                    old_stages[lead.id] = None
                elif stage != lead.stage_id:
                    old_stages[lead.id] = stage
            # After the write, so that a revenue or big-deal mark written with the
            # stage counts; a refusal rolls the whole write back.
            self.browse(list(old_stages))._kam_check_gates(old_stages)
        return result

    def _kam_gate_snapshot(self):
        """{lead id: (gated big deal?, stage)} before a write."""
        # sudo: whether gates hold does not depend on the user's rights.
        return {
            lead.id: (lead._kam_is_gated(), lead.stage_id)
            for lead in self.sudo()  # sudo: see above
        }

    def _kam_is_gated(self):
        self.ensure_one()
        return bool(
            self.type == "opportunity"
            and self.active
            and self.kam_is_big_deal
            and self.kam_account_id
        )

    def _merge_dependences(self, opportunities):
        # The gate overrides are a trail: they follow the merged deal.
        # sudo: nobody writes the trail, the merge moves it as it moves messages.
        overrides = opportunities.sudo().kam_gate_override_ids  # sudo: see above
        overrides.write({"lead_id": self.id})
        return super()._merge_dependences(opportunities)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_gate_trail(self):
        # sudo: the trail holds whoever may read it.
        if self.sudo().kam_gate_override_ids:  # sudo: see above
            raise UserError(
                _(
                    "A Key Accounts manager let this deal pass a stage gate: the "
                    "trail is kept. Mark the deal lost or archive it instead."
                )
            )

    @api.model
    def _kam_expert_credits(self, vals_list):
        """For each new opportunity, the lead experts it may credit, by company
        ({company id: expert id}, or None): the active expert of its customer's key
        account in that company, when that account is a new customer (no open
        opportunity, no order yet). A constant number of queries."""
        credits = [None] * len(vals_list)
        wanted = [
            i
            for i, vals in enumerate(vals_list)
            if vals.get("partner_id") and not vals.get("kam_expert_id")
        ]
        if not wanted:
            return credits
        # sudo: which account and expert a customer has decides the credit; the
        # user's rights on them do not.
        Partner = self.env["res.partner"].sudo()  # sudo: see above
        partners = Partner.browse({vals_list[i]["partner_id"] for i in wanted})
        Account = self.env["kam.account"].sudo()  # sudo: see above
        accounts = Account.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("lead_expert_id", "!=", False),
            ]
        )
        if not accounts:
            return credits
        stages = accounts._kam_lifecycle_stages()
        of = {
            (a.partner_id.id, a.company_id.id): a
            for a in accounts
            if stages.get(a.id) == "acquisition"
        }
        for i in wanted:
            customer = Partner.browse(vals_list[i]["partner_id"]).commercial_partner_id
            credits[i] = {
                company_id: account.lead_expert_id.id
                for (partner_id, company_id), account in of.items()
                if partner_id == customer.id
            }
        return credits

    @api.depends("partner_id", "company_id")
    def _compute_kam_account_id(self):
        # One search for the batch.
        accounts = self.env["kam.account"].search(
            [("partner_id", "in", self.partner_id.commercial_partner_id.ids)]
        )
        of = {(a.partner_id.id, a.company_id.id): a for a in accounts}
        for lead in self:
            company = lead.company_id or self.env.company
            lead.kam_account_id = of.get(
                (lead.partner_id.commercial_partner_id.id, company.id)
            )

    @api.model
    def _kam_fill_account(self, vals_list):
        """Records of a decision chain get the key account of their opportunity."""
        lead_ids = {
            vals["lead_id"]
            for vals in vals_list
            if vals.get("lead_id") and not vals.get("account_id")
        }
        if not lead_ids:
            return
        leads = self.browse(lead_ids).exists()
        # sudo: which account an opportunity belongs to decides the record rule that
        # applies next; the record itself is still checked against the user's rights.
        account_of = {
            lead.id: lead.sudo().kam_account_id  # sudo: see above
            for lead in leads
        }
        for vals in vals_list:
            if vals.get("lead_id") and not vals.get("account_id"):
                account = account_of.get(vals["lead_id"])
                if not account:
                    raise UserError(
                        _(
                            "The customer of this opportunity is not a key account "
                            "of this company: nominate it first, then map the "
                            "decision chain."
                        )
                    )
                vals["account_id"] = account.id

    @api.depends(
        "expected_revenue",
        "kam_big_deal_marked",
        "company_id.kam_small_deal_threshold",
    )
    def _compute_kam_is_big_deal(self):
        for lead in self:
            company = lead.company_id or self.env.company
            # expected_revenue is in the company's currency, as the threshold.
            lead.kam_is_big_deal = lead.kam_big_deal_marked or (
                lead.expected_revenue >= company.kam_small_deal_threshold
            )

    def _search_kam_support_alert(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                _("Search big deals far below their probability by yes/no.")
            )
        # The score comes from the network engine: the open big deals are scored in
        # one batch, then filtered.
        # sudo: which customers are key accounts narrows the candidates; the
        # search itself keeps the user's rights.
        customers = (
            self.env["kam.account"]
            .sudo()  # sudo: see above
            .search([("company_id", "in", self.env.companies.ids)])
            .partner_id
        )
        candidates = self.search(
            [
                ("kam_is_big_deal", "=", True),
                ("type", "=", "opportunity"),
                ("probability", "<", 100),
                ("partner_id.commercial_partner_id", "in", customers.ids),
            ]
        )
        flagged = candidates.filtered("kam_support_alert")
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", flagged.ids)]

    @api.depends(
        "partner_id",
        "kam_decision_member_ids.role",
        "kam_decision_member_ids.reports_to_id",
        "kam_influence_ids",
        "probability",
        "kam_is_big_deal",
    )
    def _compute_kam_decision_summary(self):
        # _origin: in a form being edited the record has a temporary id.
        leads = self.filtered(lambda lead: lead._origin.id and lead.partner_id)._origin
        networks = self.env["kam.network"]._kam_networks(self.env["kam.account"], leads)
        for lead in self:
            network = networks.get(("lead", lead._origin.id))
            summary = network["summary"] if network else {}
            lead.kam_decision_maker_count = summary.get("decision_makers", 0)
            lead.kam_supporting_decision_maker_count = summary.get(
                "supporting_decision_makers", 0
            )
            lead.kam_support_score = summary.get("support_score", 0)
            lead.kam_uncovered_key_person_ids = [
                fields.Command.set(summary.get("uncovered_ids", []))
            ]
            lead.kam_network_differences = (
                "\n".join(network["differences"]) if network else False
            )
            company = lead.company_id or self.env.company
            # No chain, no key person: the support is unknown, not low.
            lead.kam_support_alert = bool(
                summary.get("people")
                and lead.kam_is_big_deal
                and lead.active
                and lead.type == "opportunity"
                and lead.probability < 100
                and lead.probability - lead.kam_support_score
                >= company.kam_support_gap_alert
            )

    @api.constrains("partner_id")
    def _check_kam_decision_chain_customer(self):
        for lead in self:
            account = lead.partner_id.commercial_partner_id
            # sudo: a chain the user cannot read still belongs to this opportunity.
            strangers = (
                lead.sudo().kam_decision_member_ids.partner_id  # sudo: see above
                | lead.sudo().kam_influence_ids.influenced_id  # sudo: see above
            ).filtered(lambda p, a=account: p.commercial_partner_id != a)
            if strangers:
                raise ValidationError(
                    _(
                        "The decision chain of %(lead)s holds people of another "
                        "customer (%(names)s): remove them before changing the "
                        "customer.",
                        lead=lead.name,
                        names=", ".join(strangers.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------ gates
    def _kam_gate_failures(self, old_stages, new_stages=None):
        """The gates these opportunities do not meet moving from
        `old_stages` ({lead id: stage or None}) into their stage, or into
        `new_stages` ({lead id: stage}): {lead: [(gate, [what is missing])]}.
        Big deals of key accounts only; stages a manager let them pass are
        skipped. A constant number of queries."""
        new_stages = new_stages or {}
        # sudo: the gates hold for whoever moves the deal, with or without Key
        # Accounts rights; the engine reads the whole decision chain.
        leads = self.sudo().filtered(  # sudo: see above
            lambda lead: (
                lead.type == "opportunity" and lead.active and lead.kam_is_big_deal
            )
        )
        leads = leads.filtered("kam_account_id")
        if not leads:
            return {}
        Gate = self.env["kam.deal.gate"].sudo()  # sudo: see above
        gates = Gate.search(
            [("company_id", "in", [*leads.company_id.ids, self.env.company.id, False])]
        )
        if not gates:
            return {}
        overrides = (
            self.env["kam.gate.override"]
            .sudo()  # sudo: see above
            .search([("lead_id", "in", leads.ids)])
        )
        passed = {(o.lead_id.id, o.stage_id.id) for o in overrides}
        todo = {}
        for lead in leads:
            new_stage = new_stages.get(lead.id) or lead.stage_id
            lead_gates = gates._kam_gates_passed(
                lead, old_stages.get(lead.id), new_stage
            ).filtered(lambda g, lead=lead: (lead.id, g.stage_id.id) not in passed)
            if lead_gates:
                todo[lead] = lead_gates
        if not todo:
            return {}
        results = (
            self.env["kam.network"]
            .sudo()  # sudo: see above
            ._kam_gate_results(
                leads.browse([lead.id for lead in todo]), Gate.concat(*todo.values())
            )
        )
        failures = {}
        for lead, lead_gates in todo.items():
            missing = [
                (gate, results[lead.id][gate.id])
                for gate in lead_gates
                if results[lead.id][gate.id]
            ]
            if missing:
                failures[lead] = missing
        return failures

    @api.model
    def _kam_gate_lines(self, missing):
        """The unmet gates of one lead, one line per missing item."""
        return [
            f"• {gate.name} ({gate.stage_id.name}): {text}"
            for gate, texts in missing
            for text in texts
        ]

    def _kam_check_gates(self, old_stages, creating=False):
        """Refuse the move of big deals into stages whose gates they do not meet,
        saying what is missing. Called after the write: the refusal rolls it
        back. A user without Key Accounts rights learns which gates hold, not the
        portraits behind them."""
        failures = self._kam_gate_failures(old_stages)
        if not failures:
            return
        detailed = self.env.user.has_group("kam_management.group_kam_user")
        lines = []
        for lead, missing in failures.items():
            lines.append(
                _(
                    "%(lead)s is a big deal and cannot move into %(stage)s yet:",
                    lead=lead.name,
                    stage=lead.stage_id.name,
                )
            )
            if detailed:
                lines += self._kam_gate_lines(missing)
            else:
                lines += [
                    f"• {gate.name} ({gate.stage_id.name})" for gate, _texts in missing
                ]
        message = "\n".join(lines)
        lead = next(iter(failures)) if len(failures) == 1 else None
        if (
            lead
            and not creating
            # The pass wizard moves a deal from its stage: one refused where it
            # stands (made a gated big deal there) has no move to pass.
            and old_stages.get(lead.id)
            and self.env.user.has_group("kam_management.group_kam_manager")
        ):
            action = self.env.ref("kam_management.kam_gate_pass_action")
            refusal = RedirectWarning(
                message
                + "\n\n"
                + _("As a Key Accounts manager you may let it pass with a reason."),
                action.id,
                _("Pass with a Reason"),
                {"default_lead_id": lead.id, "default_stage_id": lead.stage_id.id},
            )
            # A refusal like the UserError below: Odoo's HTTP layer would log a
            # RedirectWarning (no UserError) as a server error with its traceback.
            refusal.loglevel = logging.WARNING
            raise refusal
        if detailed:
            advice = _(
                "Complete the decision chain, or ask a Key Accounts manager to let "
                "the deal pass with a reason."
            )
        else:
            advice = _(
                "Ask the key account's team what the decision chain still lacks, or "
                "a Key Accounts manager to let the deal pass with a reason."
            )
        raise UserError(message + "\n\n" + advice)

    @api.depends("stage_id", "kam_is_big_deal", "kam_decision_member_ids")
    def _compute_kam_gate_status(self):
        leads = self._origin.filtered(
            lambda lead: lead.id and lead.kam_is_big_deal and lead.kam_account_id
        )
        gates = self.env["kam.deal.gate"].search(
            [("company_id", "in", [*leads.company_id.ids, self.env.company.id, False])]
        )
        results = self.env["kam.network"]._kam_gate_results(leads, gates)
        overrides = self.env["kam.gate.override"].search([("lead_id", "in", leads.ids)])
        passed = {(o.lead_id.id, o.stage_id.id): o for o in overrides}
        key = gates._kam_stage_key
        for lead in self:
            origin = lead._origin
            if origin not in leads:
                lead.kam_gate_status = False
                continue
            rows = []
            company = origin.company_id or self.env.company
            for gate in gates.filtered(
                lambda g, c=company, t=origin.team_id: (
                    g.company_id in (c, g.company_id.browse())
                    and g.stage_id.team_id in (t, g.stage_id.team_id.browse())
                )
            ):
                missing = results[origin.id][gate.id]
                override = passed.get((origin.id, gate.stage_id.id))
                if not missing:
                    state, css, detail = _("Met"), "text-success", ""
                elif override:
                    state, css = _("Passed by override"), "text-warning"
                    detail = _(
                        "%(user)s: %(reason)s",
                        user=override.user_id.name,
                        reason=override.reason,
                    )
                else:
                    state, css = _("Not met"), "text-danger"
                    detail = Markup("<br/>").join(escape(text) for text in missing)
                ahead = key(gate.stage_id) > key(origin.stage_id)
                rows.append(
                    Markup(
                        "<tr><td>%s</td><td>%s</td><td class='%s fw-bold'>%s</td>"
                        "<td>%s</td></tr>"
                    )
                    % (
                        gate.stage_id.name + ("" if ahead else " ✓"),
                        gate.name,
                        css,
                        state,
                        detail,
                    )
                )
            if not rows:
                lead.kam_gate_status = Markup("<p>%s</p>") % _(
                    "No gate on the stages of this pipeline."
                )
                continue
            lead.kam_gate_status = Markup(
                "<table class='table table-sm o_kam_gates'><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                _("Stage"),
                _("Gate"),
                _("Now"),
                _("What Is Missing"),
                Markup().join(rows),
            )

    def action_kam_pass_gate(self):
        kam_ensure_one(self)
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _("Only Key Accounts managers let a big deal pass a stage gate.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_management.kam_gate_pass_action"
        )
        action["context"] = {"default_lead_id": self.id}
        return action

    # ------------------------------------------------------------------ fast lane
    def action_kam_fast_lane_quotation(self):
        """A small deal skips the pipeline: sale_crm's own new quotation for this
        opportunity, marked as fast lane (小单快速通道)."""
        kam_ensure_one(self)
        self.check_access("read")
        if not self.partner_id:
            raise UserError(_("Set the opportunity's customer first."))
        company = self.company_id or self.env.company
        self.env["sale.order"]._kam_check_fast_lane_customer(self.partner_id, company)
        if self.kam_is_big_deal:
            raise UserError(
                _(
                    "%(lead)s is a big deal (expected revenue from %(threshold)s, "
                    "or marked big): it goes the deal process, with its decision "
                    "chain and stage gates, not the fast lane. Make its quotation "
                    "with New Quotation.",
                    lead=self.name,
                    threshold=company.currency_id.format(
                        company.kam_small_deal_threshold
                    ),
                )
            )
        action = self.action_new_quotation()
        action["context"]["default_kam_fast_lane"] = True
        return action

    def action_kam_nominate(self):
        kam_ensure_one(self)
        if not self.partner_id:
            raise UserError(_("Set the opportunity's customer first."))
        return self.partner_id.commercial_partner_id.action_kam_nominate()

    def action_kam_relationship_map(self):
        kam_ensure_one(self)
        self.check_access("read")
        # A tag of its own: after a reload only active_id survives in the URL.
        return {
            "type": "ir.actions.client",
            "tag": "kam_decision_chain_map",
            "name": _("Decision Chain: %s", self.name),
            "context": {"active_id": self.id, "active_model": "crm.lead"},
        }
