from itertools import pairwise

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def _is_id(value):
    """A record id as a client sends it (True is an int in Python, no id)."""
    return isinstance(value, int) and not isinstance(value, bool)


class KamAccountMember(models.Model):
    """A member of a key account's team (覆盖模式): a role, held by an internal user
    or, where the role allows, an external partner, from a date until a date.

    Members are ended, not deleted, so the team's history shows how long each person
    has held the account (the article asks for stable teams). Only Key Accounts
    managers change teams (access rights); the active members change the account.
    """

    _name = "kam.account.member"
    _inherit = ["kam.coverage.mixin"]
    _description = "Account Team Member"
    _order = "account_id, is_active desc, role_sequence, date_from desc, id"

    _kam_system_fields = frozenset({"is_active"})

    role_id = fields.Many2one(
        "kam.account.role",
        string="Role",
        required=True,
        index=True,
        ondelete="restrict",
    )
    role_sequence = fields.Integer(related="role_id.sequence", store=True)
    # The views show the expert only for the lead-expert role.
    role_code = fields.Char(related="role_id.code")
    user_id = fields.Many2one(
        "res.users",
        string="User",
        index=True,
        ondelete="restrict",
        domain="[('share', '=', False)]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="External Partner",
        ondelete="restrict",
        help="For roles held outside the company, a consultant for example.",
    )
    expert_id = fields.Many2one(
        "kam.lead.expert",
        string="Lead Expert",
        index=True,
        ondelete="restrict",
        help="For the customer lead expert role: the expert (a person or a team) "
        "whose user or external partner holds it.",
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="Until")
    is_active = fields.Boolean(
        string="Active",
        compute="_compute_is_active",
        store=True,
        index=True,
        help="The member's dates include today. Refreshed daily by the scheduled "
        "action.",
    )
    tenure_days = fields.Integer(
        string="Days on the Account",
        compute="_compute_tenure_days",
        help="How long this member has held the account, until today or the end.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A team member cannot leave before joining.",
        ),
        (
            "user_or_partner",
            "CHECK((user_id IS NULL) != (partner_id IS NULL))",
            "A team member is either a user or an external partner.",
        ),
    ]

    @api.model
    def _kam_fill_expert(self, vals_list):
        """The lead-expert role is held through an expert record: name the expert
        and its user or partner holds the role; name a user or partner and their
        expert record is found (or created by the manager naming them)."""
        # Only ids are looked at here; other values are the input checks' to refuse.
        roles = self.env["kam.account.role"].browse(
            {vals["role_id"] for vals in vals_list if _is_id(vals.get("role_id"))}
        )
        expert_roles = set(roles.filtered(lambda r: r.code == "lead_expert").ids)
        Expert = self.env["kam.lead.expert"]
        for vals in vals_list:
            role = vals.get("role_id")
            if not _is_id(role) or role not in expert_roles:
                continue
            if vals.get("expert_id"):
                if not _is_id(vals["expert_id"]):
                    continue
                expert = Expert.browse(vals["expert_id"])
                vals["user_id"] = expert.user_id.id
                vals["partner_id"] = False if expert.user_id else expert.partner_id.id
            elif vals.get("user_id") or vals.get("partner_id"):
                names = ("user_id", "partner_id", "account_id")
                if not all(_is_id(vals.get(n)) or not vals.get(n) for n in names):
                    continue
                account = self.env["kam.account"].browse(vals.get("account_id"))
                expert = Expert._kam_find_or_create(
                    user=self.env["res.users"].browse(vals.get("user_id")),
                    partner=self.env["res.partner"].browse(vals.get("partner_id")),
                    company=account.company_id,
                )
                vals["expert_id"] = expert.id
        return vals_list

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(self._kam_fill_expert(vals_list))
        members.account_id._kam_iron_triangle_sync()
        return members

    def write(self, vals):
        if _is_id(vals.get("expert_id")):
            expert = self.env["kam.lead.expert"].browse(vals["expert_id"])
            vals = dict(
                vals,
                user_id=expert.user_id.id,
                partner_id=False if expert.user_id else expert.partner_id.id,
            )
        result = super().write(vals)
        if {"date_from", "date_to", "role_id", "user_id", "expert_id"} & vals.keys():
            self.account_id._kam_iron_triangle_sync()
        return result

    @api.depends("date_from", "date_to")
    def _compute_is_active(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.is_active = bool(member.date_from) and (
                member.date_from <= today
                and (not member.date_to or member.date_to >= today)
            )

    @api.depends("date_from", "date_to")
    def _compute_tenure_days(self):
        today = fields.Date.context_today(self)
        for member in self:
            end = min(member.date_to or today, today)
            member.tenure_days = (
                max((end - member.date_from).days, 0) if member.date_from else 0
            )

    @api.depends("role_id", "user_id", "partner_id")
    def _compute_display_name(self):
        for member in self:
            who = member.user_id.name or member.partner_id.name or ""
            member.display_name = f"{who} ({member.role_id.name or ''})"

    @api.constrains("role_id", "user_id", "partner_id", "date_from", "date_to")
    def _check_member(self):
        # Before anything flushes: the database's check would answer in its words.
        for member in self:
            if (
                member.date_to
                and member.date_from
                and member.date_to < member.date_from
            ):
                raise ValidationError(_("A team member cannot leave before joining."))
        for member in self:
            if member.partner_id and not member.role_id.allow_external:
                raise ValidationError(
                    _(
                        "The role %(role)s is held by our own people: choose a user, "
                        "not an external partner.",
                        role=member.role_id.name,
                    )
                )
            if member.role_id.code == "lead_expert" and not member.expert_id:
                raise ValidationError(
                    _(
                        "Choose the customer lead expert (a person or a team of "
                        "experts) who holds this role."
                    )
                )
            if member.expert_id and member.expert_id.company_id != member.company_id:
                raise ValidationError(
                    _(
                        "%(expert)s is an expert of another company.",
                        expert=member.expert_id.name,
                    )
                )
            if member.user_id.share:
                raise ValidationError(
                    _(
                        "%(user)s is a portal user: team members are our own people "
                        "(or external partners where the role allows).",
                        user=member.user_id.name,
                    )
                )
        # Exactly one account manager at a time: overlapping periods are refused.
        managers = self.search(
            [
                ("account_id", "in", self.account_id.ids),
                ("role_id.is_account_manager", "=", True),
            ]
        )
        for account, group in managers.grouped("account_id").items():
            spans = sorted(
                (m.date_from, m.date_to or fields.Date.to_date("9999-12-31"), m)
                for m in group
            )
            for (_s1, end1, first), (start2, _e2, second) in pairwise(spans):
                if start2 <= end1:
                    raise ValidationError(
                        _(
                            "%(account)s has one account manager at a time: "
                            "%(first)s and %(second)s overlap. End the first before "
                            "the second starts.",
                            account=account.display_name,
                            first=first.display_name,
                            second=second.display_name,
                        )
                    )

    def action_kam_end(self):
        """End these memberships today, keeping them in the team's history."""
        today = fields.Date.context_today(self)
        for member in self:
            member.date_to = max(today, member.date_from)
        return True

    @api.model
    def _cron_kam_refresh(self):
        """Daily: memberships that started or ended since yesterday change who
        covers the account."""
        today = fields.Date.context_today(self)
        stale = self.search(
            [
                "|",
                "&",
                ("is_active", "=", True),
                "|",
                ("date_to", "<", today),
                ("date_from", ">", today),
                "&",
                ("is_active", "=", False),
                "&",
                ("date_from", "<=", today),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", today),
            ]
        )
        # Their dates did not change, so nothing triggers the stored computes: ask.
        self.env.add_to_compute(self._fields["is_active"], stale)
        stale.flush_recordset(["is_active"])
        accounts = stale.account_id
        for name in ("user_id", "team_user_ids"):
            self.env.add_to_compute(accounts._fields[name], accounts)
        accounts.flush_recordset(["user_id", "team_user_ids"])
        return len(stale)
