"""The access table of the account-bound models: every model × every kind of user ×
read, write, create and unlink, one generated test per cell row. Reading is tried
through every way a client reads (read, search_read, web_read, web_search_read,
read_group, name_search, export_data, a search on the account ordered by it).

The table is also in README.md. A model bound to a key account (kam.account itself
and every model using kam.coverage.mixin) without its row here fails
`test_every_account_model_is_in_the_table`.
"""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KAM_MANAGER, KAM_USER, KamCommon

USERS = ("none", "portal", "team", "other", "ended", "manager_other", "manager")
# What each kind of user may do on a record of an account in the user's company:
# r(ead), w(rite), c(reate), u(nlink). "team" is an active member of the account's
# team, "other" a Key Accounts user who is not, "ended" a member whose membership has
# ended, "manager_other" a Key Accounts manager of another company only.
TABLE = {
    "kam.account": {"team": "rw", "other": "r", "ended": "r", "manager": "rwcu"},
    "kam.account.member": {"team": "r", "other": "r", "ended": "r", "manager": "rwcu"},
    "kam.account.decision": {"team": "r", "other": "r", "ended": "r", "manager": "r"},
    "kam.key.person": {"team": "rwcu", "other": "r", "ended": "r", "manager": "rwcu"},
    "kam.portrait.history": {"team": "r", "other": "r", "ended": "r", "manager": "r"},
    "kam.influence": {"team": "rwcu", "other": "r", "ended": "r", "manager": "rwcu"},
    "kam.decision.member": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    "kam.account.score": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    "kam.qualification": {"team": "r", "other": "r", "ended": "r", "manager": "r"},
    "kam.class.history": {"team": "r", "other": "r", "ended": "r", "manager": "r"},
    "kam.solution.seed": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    # Drafts only are deleted (the cells create drafts; test_account_plan.py tries the
    # other states).
    "kam.account.plan": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    "kam.plan.relation.target": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    "kam.plan.opportunity.target": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    # The team does not delete an evaluation (a manager cancels or deletes it).
    "kam.evaluation": {"team": "rwc", "other": "r", "ended": "r", "manager": "rwcu"},
    "kam.evaluation.item": {
        "team": "rwcu",
        "other": "r",
        "ended": "r",
        "manager": "rwcu",
    },
    # Written by the health engine only.
    "kam.health.history": {"team": "r", "other": "r", "ended": "r", "manager": "r"},
    # The trail of stage gates passed: managers add to it, nobody changes it.
    "kam.gate.override": {"team": "r", "other": "r", "ended": "r", "manager": "rc"},
}


class KamAccessCommon(KamCommon):
    """The users of the table's columns and a record of each model on an account;
    shared with the generated bad-input test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "KAM Other Company"})
        cls.users = {
            "none": cls.salesman,
            "portal": cls.portal,
            "team": cls.kam_user,
            "other": cls.kam_user_2,
            "ended": new_test_user(
                cls.env, login="kam_ended", name="Eddy Ended", groups=KAM_USER
            ),
            "manager_other": cls.company_user(
                "kam_manager_b", "Bea Manager", KAM_MANAGER, cls.company_b
            ),
            "manager": cls.kam_manager,
        }
        # Odoo's own right to export, so that exports meet the record rules alone.
        export = cls.env.ref("base.group_allow_export")
        for user in cls.users.values():
            if not user.share:
                user.groups_id = [Command.link(export.id)]
        today = fields.Date.today()
        cls.add_member(
            cls.account,
            cls.users["ended"],
            cls.role_solution,
            date_from=today - relativedelta(years=2),
            date_to=today - relativedelta(months=1),
        )
        cls.criterion = cls.env["kam.score.criterion"].create(
            {"name": "Access test", "weight": 10}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Access deal",
                "type": "opportunity",
                "partner_id": cls.customer.id,
            }
        )
        # Plans are made for class A and C accounts (set as the engine would).
        cls.account.account_class = "A"
        cls.expert = cls.env["kam.lead.expert"].create({"user_id": cls.kam_user_2.id})
        cls.counter = 0

    # ------------------------------------------------------------------ records
    def _contact(self):
        self.counter += 1
        return self.env["res.partner"].create(
            {"name": f"Person {self.counter}", "parent_id": self.customer.id}
        )

    def _plan(self):
        """A draft plan of self.account for a year no other plan of it takes."""
        self.counter += 1
        year = 2100 + self.counter
        return self.env["kam.account.plan"].create(
            {
                "account_id": self.account.id,
                "date_from": date(year, 1, 1),
                "date_to": date(year, 12, 31),
            }
        )

    def _values(self, model):
        """Values of a new record of `model` on self.account, and values to write."""
        account = self.account.id
        currency = self.company.currency_id.id
        if model == "kam.account":
            self.counter += 1
            partner = self.env["res.partner"].create(
                {"name": f"Customer {self.counter}", "is_company": True}
            )
            return {"partner_id": partner.id, "company_id": self.company.id}, {
                "headcount": 42
            }
        if model == "kam.account.member":
            return {
                "account_id": account,
                "role_id": self.role_solution.id,
                "user_id": self.kam_user_2.id,
            }, {"note": "changed"}
        if model == "kam.account.decision":
            return {
                "account_id": account,
                "new_state": "qualified",
                "reason": "test",
            }, {"reason": "changed"}
        if model == "kam.key.person":
            return {"account_id": account, "partner_id": self._contact().id}, {
                "department": "Changed"
            }
        if model == "kam.portrait.history":
            portrait = self.env["kam.key.person"].create(
                {"account_id": account, "partner_id": self._contact().id}
            )
            return {
                "account_id": account,
                "key_person_id": portrait.id,
                "measure": "closeness",
                "new_level": "3",
                "user_id": self.kam_user.id,
            }, {"new_level": "4"}
        if model == "kam.influence":
            return {
                "account_id": account,
                "influencer_id": self.kam_user_2.partner_id.id,
                "influenced_id": self._contact().id,
            }, {"note": "changed"}
        if model == "kam.decision.member":
            return {
                "account_id": account,
                "lead_id": self.lead.id,
                "partner_id": self._contact().id,
            }, {"note": "changed"}
        if model == "kam.account.score":
            self.counter += 1
            criterion = self.env["kam.score.criterion"].create(
                {"name": f"Criterion {self.counter}", "weight": 1}
            )
            return {
                "account_id": account,
                "criterion_id": criterion.id,
                "score": 5,
            }, {"score": 6}
        if model == "kam.qualification":
            return {
                "account_id": account,
                "method": "scoring",
                "currency_id": currency,
            }, {"note": "changed"}
        if model == "kam.class.history":
            return {
                "account_id": account,
                "new_class": "A",
                "currency_id": currency,
            }, {"reason": "changed"}
        if model == "kam.solution.seed":
            return {
                "account_id": account,
                "name": "Telematics platform",
                "expert_id": self.expert.id,
            }, {"note": "changed"}
        if model == "kam.account.plan":
            self.counter += 1
            year = 2100 + self.counter
            return {
                "account_id": account,
                "date_from": date(year, 1, 1),
                "date_to": date(year, 12, 31),
            }, {"priority_rationale": "changed"}
        if model == "kam.plan.relation.target":
            portrait = self.env["kam.key.person"].create(
                {"account_id": account, "partner_id": self._contact().id}
            )
            return {
                "plan_id": self._plan().id,
                "key_person_id": portrait.id,
                "target_closeness": "4",
            }, {"note": "changed"}
        if model == "kam.plan.opportunity.target":
            return {
                "plan_id": self._plan().id,
                "name": "Fleet renewal",
                "target_revenue": 1000,
            }, {"target_revenue": 2000}
        if model in ("kam.evaluation", "kam.evaluation.item", "kam.health.history"):
            return self._evaluation_values(model)
        return self._monetisation_values(model)

    def _evaluation_values(self, model):
        """_values of the evaluations' models."""
        account = self.account.id
        self.counter += 1
        if model == "kam.evaluation":
            # A strategy evaluation of a half-year no other evaluation of it takes.
            year = 2100 + self.counter
            return {
                "account_id": account,
                "kind": "strategy",
                "period_start": date(year, 1, 1),
                "period_end": date(year, 6, 30),
                "date_deadline": date(year, 7, 14),
                "user_id": self.kam_user.id,
            }, {"findings": "<p>changed</p>"}
        if model == "kam.evaluation.item":
            evaluation = self.env["kam.evaluation"].create(
                self._evaluation_values("kam.evaluation")[0]
            )
            return {
                "evaluation_id": evaluation.id,
                "name": "Meet the CFO",
                "user_id": self.kam_user.id,
                "date_deadline": evaluation.date_deadline,
            }, {"name": "changed"}
        # kam.health.history: one row per account and day.
        return {
            "account_id": account,
            "date": date(2100, 1, 1) + relativedelta(days=self.counter),
            "score": 55,
            "color": "amber",
        }, {"score": 60}

    def _monetisation_values(self, model):
        """_values of the monetisation's models."""
        if model == "kam.gate.override":
            return {
                "account_id": self.account.id,
                "lead_id": self.lead.id,
                "stage_id": self.env.ref("crm.stage_lead2").id,
                "reason": "The customer's board decided already",
            }, {"reason": "Changed after the fact"}
        raise AssertionError(f"{model} has no values in the access test")

    def _record(self, model):
        create_vals, write_vals = self._values(model)
        record = self.env[model].create(create_vals)
        if model == "kam.account":
            # The same team as self.account: its manager and the ended member.
            for member in self.account.member_ids:
                member.copy({"account_id": record.id})
        return record, write_vals


@tagged("post_install", "-at_install")
class TestAccessTable(KamAccessCommon):
    def _read_paths(self, model, user, record):
        """{path: call returning the ids it reached}: the ways a client reads, over
        RPC as the web client and exports do, and a search on the protected
        account with an order by it."""
        Model = self.env[model].with_user(user)
        mine = record.with_user(user)
        domain = [("id", "=", record.id)]
        by_account = (
            [("account_id", "=", record.account_id.id), *domain]
            if "account_id" in Model._fields
            else domain
        )
        order = "account_id desc, id" if "account_id" in Model._fields else "id desc"

        def ids(rows):
            return [row["id"] for row in rows]

        return {
            "read": lambda: ids(mine.read(["display_name"])),
            "search_read": lambda: ids(Model.search_read(domain, ["display_name"])),
            "web_read": lambda: ids(mine.web_read({"display_name": {}})),
            "web_search_read": lambda: ids(
                Model.web_search_read(domain, {"display_name": {}})["records"]
            ),
            "read_group": lambda: (
                [record.id] * Model.read_group(domain, ["__count"], [])[0]["__count"]
            ),
            "name_search": lambda: [
                found for found, _name in Model.name_search("", domain, limit=None)
            ],
            "export_data": lambda: (
                [record.id] * len(mine.export_data(["create_date"])["datas"])
            ),
            "search on the account, ordered by it": lambda: (
                Model.search(by_account, order=order).ids
            ),
        }

    # ------------------------------------------------------------------ the cells
    def _check_cell(self, model, kind):
        allowed = TABLE[model].get(kind, "")
        user = self.users[kind]
        record, write_vals = self._record(model)
        as_user = record.with_user(user)
        # read: every way a client reads must agree
        for path, call in self._read_paths(model, user, record).items():
            # As in a request of its own: nothing read before by others is cached.
            self.env.invalidate_all()
            if "r" in allowed:
                self.assertEqual(call(), [record.id], f"{kind} {path} {model}")
            else:
                try:
                    found = call()
                except AccessError:
                    found = []
                except UserError:
                    # Odoo's export right (the portal user has none).
                    self.assertEqual(path, "export_data")
                    found = []
                self.assertEqual(found, [], f"{kind} should not {path} {model}")
        # write
        if "w" in allowed:
            as_user.write(write_vals)
        else:
            with self.assertRaises(AccessError, msg=f"{kind} write {model}"):
                as_user.write(write_vals)
        # create
        create_vals, _write = self._values(model)
        if "c" in allowed:
            self.env[model].with_user(user).create(create_vals)
        else:
            with self.assertRaises(AccessError, msg=f"{kind} create {model}"):
                self.env[model].with_user(user).create(create_vals)
        # through the account's list of them, as the account's form sends it: the
        # right to change the account and to create the record, both
        lists = [
            name
            for name, field in self.env["kam.account"]._fields.items()
            if field.type == "one2many"
            and field.comodel_name == model
            and field.inverse_name == "account_id"
        ]
        if lists:
            vals, _write = self._values(model)
            vals.pop("account_id", None)
            command = {lists[0]: [Command.create(vals)]}
            parent = self.account.with_user(user)
            if "c" in allowed and "w" in TABLE["kam.account"].get(kind, ""):
                parent.write(command)
            else:
                with self.assertRaises(UserError, msg=f"{kind} {lists[0]} {model}"):
                    parent.write(command)
        # A context default may place a new record on another account (whose team
        # is the "other" user). Whatever it is made of, a record that gets made
        # lands on an account where the user has the create right.
        vals, _write = self._values(model)
        if model != "kam.account" and vals.pop("account_id", None):
            there = {"team": "other", "other": "team", "ended": "other"}.get(kind, kind)
            try:
                with self.env.cr.savepoint():
                    made = (
                        self.env[model]
                        .with_user(user)
                        .with_context(default_account_id=self.other_account.id)
                        .create(vals)
                    )
                    landed = made.sudo().account_id  # sudo: the test reads where
            except UserError:
                landed = None
            if landed:
                as_kind = {self.account: kind, self.other_account: there}.get(landed)
                self.assertIn(
                    "c", TABLE[model].get(as_kind, ""), f"{kind} default_ {model}"
                )
        # copy makes a record: the create right, or a clean refusal
        try:
            with self.env.cr.savepoint():
                as_user.copy()
            copied = True
        except UserError:
            copied = False
        if "c" not in allowed:
            self.assertFalse(copied, f"{kind} copy {model}")
        # a record never moves to another account, and so never back either
        if model != "kam.account":
            with self.assertRaises(UserError, msg=f"{kind} move {model}"):
                as_user.write({"account_id": self.other_account.id})
            self.env.invalidate_all()
            self.assertEqual(record.account_id, self.account, f"{kind} moved {model}")
        # unlink
        victim, _write = self._record(model)
        if "u" in allowed:
            victim.with_user(user).unlink()
            self.assertFalse(victim.exists())
        else:
            with self.assertRaises(AccessError, msg=f"{kind} unlink {model}"):
                victim.with_user(user).unlink()
            self.assertTrue(victim.exists())

    def test_every_account_model_is_in_the_table(self):
        # Bound directly or through another mixin (plan lines).
        mixin = type(self.env["kam.coverage.mixin"])
        bound = {
            name
            for name, model in self.env.registry.items()
            if issubclass(model, mixin) and not model._abstract and not model._transient
        } | {"kam.account"}
        self.assertEqual(bound - set(TABLE), set(), "models without access rows")
        self.assertEqual(set(TABLE) - bound, set(), "rows of models not bound")


def _make_test(model, kind):
    def test(self):
        self._check_cell(model, kind)

    test.__doc__ = f"{kind} on {model}: {TABLE[model].get(kind, '') or 'nothing'}"
    return test


for _model in TABLE:
    for _kind in USERS:
        setattr(
            TestAccessTable,
            f"test_{_model.replace('.', '_')}_{_kind}",
            _make_test(_model, _kind),
        )
