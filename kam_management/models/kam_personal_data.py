import base64
import json
from datetime import date, datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from .kam_gate_override import kam_is_a_reason

# What the addon holds about a person, model by model: the fields exported.
PORTRAIT_FIELDS = [
    "account_id",
    "is_key_person",
    "decision_role",
    "department",
    "interests",
    "education",
    "career",
    "closeness",
    "solution_acceptance",
    "price_acceptance",
    "choice_score",
    "stance",
    "reports_to_id",
]
HISTORY_FIELDS = ["date", "measure", "old_level", "new_level", "user_id"]
INFLUENCE_FIELDS = [
    "account_id",
    "influencer_id",
    "influenced_id",
    "strength",
    "direction",
    "note",
    "lead_id",
    "date_start",
    "date_end",
]
DECISION_FIELDS = ["lead_id", "partner_id", "role", "reports_to_id", "note"]
TARGET_FIELDS = ["plan_id", "target_closeness", "note"]


class KamPersonalData(models.AbstractModel):
    """A person's data in the addon, on request (portraits and their history,
    chatter and plan targets, influences on and from them, decision-chain roles):
    exported to a file, or erased while the accounts' figures (contribution,
    potential, class, qualification and health history, evaluations' figures)
    stay. Key Accounts managers only, within their companies (the record rules);
    each request is logged in kam.personal.data.log."""

    _name = "kam.personal.data"
    _description = "Key-Account Personal Data Engine"

    @api.model
    def _kam_check_person(self, partner):
        if not self.env.user.has_group("kam_management.group_kam_manager"):
            raise AccessError(
                _(
                    "Only Key Accounts managers export or erase what the key "
                    "accounts hold about a person."
                )
            )
        if len(partner) != 1:
            raise UserError(_("Export or erase the data of one person at a time."))
        if partner.is_company:
            raise UserError(
                _(
                    "%(name)s is a company: personal data is a person's.",
                    name=partner.display_name,
                )
            )

    @api.model
    def _kam_records(self, partner):
        """The addon's records about `partner` the user may read, by kind."""
        portraits = (
            self.env["kam.key.person"]
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
        )
        return {
            "portraits": portraits,
            "history": portraits.history_ids,
            "messages": self.env["mail.message"].search(
                [
                    ("model", "=", "kam.key.person"),
                    ("res_id", "in", portraits.ids),
                    ("message_type", "in", ("comment", "email")),
                ]
            ),
            "targets": self.env["kam.plan.relation.target"].search(
                [("key_person_id", "in", portraits.ids)]
            ),
            "influences": self.env["kam.influence"]
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("influencer_id", "=", partner.id),
                    ("influenced_id", "=", partner.id),
                ]
            ),
            "decision_roles": self.env["kam.decision.member"].search(
                [("partner_id", "=", partner.id)]
            ),
            "reported_to_by": self.env["kam.decision.member"].search(
                [("reports_to_id", "=", partner.id)]
            ),
        }

    @api.model
    def _kam_summary(self, records):
        return ", ".join(f"{kind}: {len(found)}" for kind, found in records.items())

    @api.model
    def _kam_rows(self, found, names):
        """Plain rows: relations by name, dates as text."""
        rows = []
        for values in found.read(names):
            row = {"id": values["id"]}
            for name in names:
                value = values[name]
                if isinstance(value, tuple):
                    value = value[1]
                elif isinstance(value, (date, datetime)):
                    value = fields.Datetime.to_string(value)
                row[name] = value
            rows.append(row)
        return rows

    @api.model
    def _kam_log(self, partner, operation, summary, reason=False):
        # sudo: the log is the system's record; nobody creates one by hand.
        return (
            self.env["kam.personal.data.log"]
            .sudo()  # sudo: see above
            .create(
                {
                    "partner_id": partner.id,
                    "person": partner.display_name,
                    "operation": operation,
                    "summary": summary,
                    "reason": reason,
                }
            )
        )

    @api.model
    def _kam_export(self, partner):
        """A JSON file of what the addon holds about `partner`, attached to the
        request's log line; returns the log line."""
        self._kam_check_person(partner)
        records = self._kam_records(partner)
        data = {
            "person": {
                "id": partner.id,
                "name": partner.name,
                "position": partner.function or "",
                "company": partner.commercial_partner_id.name,
            },
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "exported_by": self.env.user.name,
            "portraits": self._kam_rows(records["portraits"], PORTRAIT_FIELDS),
            "portrait_history": self._kam_rows(records["history"], HISTORY_FIELDS),
            "portrait_notes": [
                {
                    "date": fields.Datetime.to_string(message.date),
                    "author": message.author_id.name or "",
                    "text": html2plaintext(message.body or ""),
                }
                for message in records["messages"]
            ],
            "plan_targets": self._kam_rows(records["targets"], TARGET_FIELDS),
            "influences": self._kam_rows(records["influences"], INFLUENCE_FIELDS),
            "decision_chain_roles": self._kam_rows(
                records["decision_roles"], DECISION_FIELDS
            ),
            "reports_in_decision_chains": self._kam_rows(
                records["reported_to_by"], DECISION_FIELDS
            ),
        }
        log = self._kam_log(partner, "export", self._kam_summary(records))
        # sudo: the file is the log line's, which only managers read.
        log.sudo().write(  # sudo: see above
            {
                "data_file": base64.b64encode(
                    json.dumps(data, ensure_ascii=False, indent=1).encode()
                ),
                "data_filename": f"personal-data-{partner.id}.json",
            }
        )
        return log

    @api.model
    def _kam_erase(self, partner, reason):
        """Erase what the addon holds about `partner` in the user's companies; the
        accounts' figures stay. Returns the log line."""
        self._kam_check_person(partner)
        if not kam_is_a_reason(reason):
            raise UserError(
                _(
                    "Say why %(name)s's data is erased (the person's request, its "
                    "date): a few words at least, kept in the log.",
                    name=partner.display_name,
                )
            )
        records = self._kam_records(partner)
        summary = self._kam_summary(records)
        portraits = records["portraits"]
        accounts = portraits.account_id | records["influences"].account_id
        # Each record was found under the manager's rights (their companies); a
        # manager with Sales "own documents" may not read the opportunities the
        # decision chains' checks read, hence sudo for the changes.
        # Others' reporting lines to the person end with it.
        records["reported_to_by"].sudo().write(  # sudo: see above
            {"reports_to_id": False}
        )
        records["decision_roles"].sudo().unlink()  # sudo: see above
        records["influences"].sudo().unlink()  # sudo: see above
        records["targets"].sudo().unlink()  # sudo: see above
        # The portraits' history and chatter go with them.
        portraits.sudo().unlink()  # sudo: see above
        self._kam_scrub_snapshots(accounts, partner)
        # Health reasons name the people who lower it: computed again now.
        # sudo: the health engine stores its figures and history as the system.
        self.env["kam.health"].sudo()._kam_compute_health(  # sudo: see above
            accounts.sudo()  # sudo: see above
        )
        return self._kam_log(partner, "erase", summary, reason)

    @api.model
    def _kam_scrub_snapshots(self, accounts, partner):
        """Coverage evaluations list untouched key persons by name, in the language
        they were taken in: the person's line is replaced, the counts stay."""
        heads = set()
        for lang in {"en_US", self.env.lang or "en_US"}:
            template = self.with_context(lang=lang).env._("%(name)s (%(days)s days)")
            heads.add(template.split("%(days)s")[0] % {"name": partner.name})
        erased = _("(erased on request)")
        # sudo: snapshots are system fields; the evaluations may be closed.
        evaluations = (
            self.env["kam.evaluation"]
            .sudo()  # sudo: see above
            .search([("account_id", "in", accounts.ids), ("kind", "=", "coverage")])
        )
        for evaluation in evaluations:
            snapshot = evaluation.snapshot or {}
            lines = snapshot.get("untouched_key_persons") or []
            if any(line.startswith(tuple(heads)) for line in lines):
                evaluation.snapshot = {
                    **snapshot,
                    "untouched_key_persons": [
                        erased if line.startswith(tuple(heads)) else line
                        for line in lines
                    ],
                }
