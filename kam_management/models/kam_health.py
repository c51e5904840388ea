import json
import logging

from odoo import api, fields, models
from odoo.tools import SQL, split_every
from odoo.tools.translate import LazyTranslate

from .kam_classification import BATCH_SIZE

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

# Points taken from 100 by each reason, and the most each kind of reason may take.
OPPONENT_DECISION_MAKER = 15
UNKNOWN_DECISION_MAKER = 5
NO_DECISION_MAKER = 10
NO_PLAN = 10
TARGET_GAP_LEVEL, TARGET_GAP_CAP = 2, 20
OVERDUE_EVALUATION, OVERDUE_EVALUATION_CAP = 10, 30
OVERDUE_TACTIC, OVERDUE_TACTIC_CAP = 5, 20
UNTOUCHED_PERSON, UNTOUCHED_PERSON_CAP = 5, 20

# The reasons, stored as [points, key, arguments] and worded in the reader's
# language when read: a Chinese manager reads a figure computed by the scheduler in
# Chinese, an English one in English.
HEALTH_REASONS = {
    "no_decision_maker": _lt("No decision maker is mapped."),
    "opponent": _lt("Decision maker %s is an opponent."),
    "unknown_stance": _lt("We do not know where decision maker %s stands."),
    "target_gap": _lt(
        "Relationship targets of %(plan)s: %(gap)s levels still missing."
    ),
    "no_plan": _lt("No approved account plan for today."),
    "overdue_evaluations": _lt("%s evaluation(s) overdue."),
    "overdue_tactics": _lt("%s tactic(s) overdue."),
    "untouched": _lt("Not contacted for long: %s."),
    "untouched_person": _lt("%(name)s (%(days)s days)"),
    "failed": _lt("Could not be computed: %s"),
}


class KamHealth(models.AbstractModel):
    """The health engine: red / amber / green and a 0-100 figure for key accounts,
    with the reasons, from the decision makers' stance, the plan's relationship
    targets, overdue evaluations and tactics, and the days since the last contact
    with each key person. One batch method, a constant number of queries."""

    _name = "kam.health"
    _description = "Key Account Health Engine"

    @api.model
    def _kam_last_contacts(self, key_persons):
        """{key person id: datetime of the last contact}: a meeting with the person
        (calendar), a message logged on their portrait, a change of their measures,
        or else when they were portrayed. Four queries for the batch."""
        last = {p.id: p.create_date for p in key_persons}
        by_partner = {}
        for person in key_persons:
            by_partner.setdefault(person.partner_id.id, []).append(person.id)
        now = fields.Datetime.now()
        # sudo: only the date of the last meeting is read, not the meeting.
        meetings = (
            self.env["calendar.event"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("partner_ids", "in", list(by_partner)),
                    ("start", "<=", now),
                ],
                groupby=["partner_ids"],
                aggregates=["start:max"],
            )
        )
        dated = [
            (person_id, when)
            for partner, when in meetings
            for person_id in by_partner.get(partner.id, [])
        ]
        dated += (
            self.env["mail.message"]
            .sudo()  # sudo: see above
            ._read_group(
                [
                    ("model", "=", "kam.key.person"),
                    ("res_id", "in", key_persons.ids),
                    ("message_type", "in", ("comment", "email")),
                ],
                groupby=["res_id"],
                aggregates=["date:max"],
            )
        )
        dated += [
            (person.id, when)
            for person, when in self.env["kam.portrait.history"]
            .sudo()  # sudo: see above
            ._read_group(
                [("key_person_id", "in", key_persons.ids)],
                groupby=["key_person_id"],
                aggregates=["date:max"],
            )
        ]
        for person_id, when in dated:
            if when and (not last.get(person_id) or when > last[person_id]):
                last[person_id] = when
        return last

    @api.model
    def _kam_untouched_key_persons(self, accounts):
        """{account id: [(name, days)]}: key persons not contacted for longer than
        the company allows, longest first."""
        persons = self.env["kam.key.person"].search(
            [("account_id", "in", accounts.ids), ("is_key_person", "=", True)]
        )
        last = self._kam_last_contacts(persons)
        now = fields.Datetime.now()
        result = {}
        for person in persons:
            limit = person.account_id.company_id.kam_contact_stale_days
            days = (now - last[person.id]).days if last.get(person.id) else None
            if days is not None and days > limit:
                result.setdefault(person.account_id.id, []).append((person.name, days))
        for rows in result.values():
            rows.sort(key=lambda row: -row[1])
        return result

    @api.model
    def _kam_compute_health(self, accounts):
        """Compute, store and keep (one history row per day) the health of
        `accounts`. Returns {account id: (score, color, reasons)}."""
        if not accounts:
            return {}
        today = fields.Date.context_today(self)
        persons = self.env["kam.key.person"].search(
            [
                ("account_id", "in", accounts.ids),
                ("decision_role", "=", "decision_maker"),
            ]
        )
        plans = self.env["kam.account.plan"].search(
            [
                ("account_id", "in", accounts.ids),
                ("state", "in", ("approved", "in_progress")),
                ("date_from", "<=", today),
                ("date_to", ">=", today),
            ]
        )
        # The gaps of all the plans' targets at once: read plan by plan, each
        # plan's targets would cost two queries.
        gaps = {}
        for target in plans.relation_target_ids:
            gaps[target.plan_id.id] = gaps.get(target.plan_id.id, 0) + target.gap
        overdue_evaluations = dict(
            self.env["kam.evaluation"]
            .sudo()  # sudo: counted for the figure only
            ._read_group(
                [
                    ("account_id", "in", accounts.ids),
                    ("state", "=", "todo"),
                    ("date_deadline", "<", today),
                ],
                groupby=["account_id"],
                aggregates=["__count"],
            )
        )
        overdue_tactics = dict(
            self.env["mail.activity"]
            .sudo()  # sudo: counted for the figure only
            ._read_group(
                [
                    ("res_model", "=", "kam.account"),
                    ("res_id", "in", accounts.ids),
                    ("kam_tactic_id", "!=", False),
                    ("date_deadline", "<", today),
                ],
                groupby=["res_id"],
                aggregates=["__count"],
            )
        )
        untouched = self._kam_untouched_key_persons(accounts)
        results = {}
        for account in accounts:
            reasons = []
            lower = self._kam_reason_adder(reasons)

            makers = persons.filtered(lambda p, a=account: p.account_id == a)
            if not makers:
                lower(NO_DECISION_MAKER, "no_decision_maker")
            for maker in makers:
                if maker.stance == "opponent":
                    lower(OPPONENT_DECISION_MAKER, "opponent", [maker.name])
                elif maker.stance == "unknown":
                    lower(UNKNOWN_DECISION_MAKER, "unknown_stance", [maker.name])
            plan = plans.filtered(lambda p, a=account: p.account_id == a)[:1]
            if plan:
                gap = gaps.get(plan.id, 0)
                lower(
                    min(gap * TARGET_GAP_LEVEL, TARGET_GAP_CAP),
                    "target_gap",
                    {"plan": plan.name, "gap": gap},
                )
            elif account.account_class in ("A", "C"):
                lower(NO_PLAN, "no_plan")
            count = overdue_evaluations.get(account, 0)
            lower(
                min(count * OVERDUE_EVALUATION, OVERDUE_EVALUATION_CAP),
                "overdue_evaluations",
                [count],
            )
            count = overdue_tactics.get(account.id, 0)
            lower(
                min(count * OVERDUE_TACTIC, OVERDUE_TACTIC_CAP),
                "overdue_tactics",
                [count],
            )
            stale = untouched.get(account.id, [])
            lower(
                min(len(stale) * UNTOUCHED_PERSON, UNTOUCHED_PERSON_CAP),
                "untouched",
                [[name, days] for name, days in stale],
            )
            score = max(0, 100 - sum(points for points, *_reason in reasons))
            company = account.company_id
            if score >= company.kam_health_green:
                color = "green"
            elif score >= company.kam_health_amber:
                color = "amber"
            else:
                color = "red"
            results[account.id] = (score, color, reasons)
        self._kam_store(accounts, results, today)
        return results

    @staticmethod
    def _kam_reason_adder(reasons):
        """A function adding [points, key, arguments] to `reasons` when points are
        taken (the key one of HEALTH_REASONS)."""

        def lower(points, key, args=()):
            if points:
                reasons.append([points, key, args])

        return lower

    @api.model
    def _kam_reasons_texts(self, reason_lists):
        """Each list of stored reasons worded in the environment's language, one
        reason a line (the words looked up once for all of them)."""
        # Looked up outside self.env._(): the term extractor would take the key.
        words = {key: self.env._(text) for key, text in HEALTH_REASONS.items()}
        nothing = self.env._("Nothing lowers the health.")

        def word(key, args):
            if key == "untouched":
                args = [
                    ", ".join(
                        words["untouched_person"] % {"name": name, "days": days}
                        for name, days in args
                    )
                ]
            return words[key] % (args if isinstance(args, dict) else tuple(args))

        return [
            "\n".join(
                f"−{points}: {word(key, args)}" if points else word(key, args)
                for points, key, args in reasons
            )
            or nothing
            for reasons in reason_lists
        ]

    @api.model
    def _kam_store(self, accounts, results, today):
        now = fields.Datetime.now()
        self.env["kam.classification"]._kam_store(
            accounts,
            {
                account_id: {
                    "health_score": score,
                    "health_color": color,
                    "health_reason_data": json.dumps(reasons),
                    "health_date": now,
                }
                for account_id, (score, color, reasons) in results.items()
            },
        )
        # One statement keeps today's figure per account (again today: replaced).
        rows = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                account.id,
                account.company_id.id,
                today,
                results[account.id][0],
                results[account.id][1],
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
            for account in accounts
        )
        self.env["kam.health.history"].flush_model()
        self.env.execute_query(
            SQL(
                "INSERT INTO kam_health_history (account_id, company_id, date, score, "
                "color, create_uid, create_date, write_uid, write_date) VALUES %s "
                "ON CONFLICT (account_id, date) DO UPDATE SET score = EXCLUDED.score, "
                "color = EXCLUDED.color, write_uid = EXCLUDED.write_uid, "
                "write_date = EXCLUDED.write_date",
                rows,
            )
        )
        self.env["kam.health.history"].invalidate_model()

    @api.model
    def _cron_kam_health(self):
        """Compute the health of the accounts not computed today, one batch per run
        (Odoo commits it and runs the next while some remain)."""
        Account = self.env["kam.account"].with_context(active_test=True)
        today_start = fields.Datetime.to_datetime(fields.Date.context_today(self))
        domain = [
            ("state", "in", ("qualified", "allocated")),
            "|",
            ("health_date", "=", False),
            ("health_date", "<", today_start),
        ]
        batch = Account.search(domain, limit=BATCH_SIZE, order="id")
        failed = {}
        for company, group in batch.grouped("company_id").items():
            engine = self.with_company(company)
            failed.update(
                self.env["kam.classification"]._kam_run_isolated(
                    group.with_env(engine.env), engine._kam_compute_health
                )
            )
        if failed:
            # Reported on the account and not retried before tomorrow.
            self.env["kam.classification"]._kam_store(
                batch.browse([a.id for a in failed]),
                {
                    a.id: {
                        "health_reason_data": json.dumps([[0, "failed", [reason]]]),
                        "health_date": fields.Datetime.now(),
                    }
                    for a, reason in failed.items()
                },
            )
        remaining = Account.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return failed

    @api.model
    def _kam_compute_all(self, accounts):
        for batch in split_every(BATCH_SIZE, accounts.ids, accounts.browse):
            self._kam_compute_health(batch)
