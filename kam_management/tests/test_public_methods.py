"""Every public method of the addon's models, what a client reaches over RPC,
answers a missing record, several records where one is expected and arguments of
the wrong type with a clean error (UserError, MissingError included,
ValidationError or AccessError), never a raw server error. The methods are found
by walking the models, so a new one is called too."""

import inspect
import logging

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import KAM_MANAGER, KAM_USER, KamNetworkCommon

_logger = logging.getLogger(__name__)

CLEAN = (UserError, ValidationError, AccessError)
MISSING_ID = 987654321
# Create, write, unlink and copy are the input tests' (test_bad_input.py,
# test_access.py): they take values, not ids alone.
CRUD = {"create", "write", "unlink", "copy", "copy_data"}
WRONG_VALUES = ("x", [1, 2], None, {"a": 1}, 1.5, True, -1)


def addon_public_methods(registry):
    """{model: {name: function}} of the public methods the addon defines."""
    found = {}
    for model_name, model_class in registry.items():
        for klass in model_class.__mro__:
            if not klass.__module__.startswith("odoo.addons.kam_management."):
                continue
            for name, value in vars(klass).items():
                if (
                    name.startswith("_")
                    or name in CRUD
                    or not inspect.isfunction(value)
                ):
                    continue
                found.setdefault(model_name, {})[name] = value
    return found


@tagged("post_install", "-at_install")
class TestPublicMethods(KamNetworkCommon):
    def _call(self, records, name, args, case, failures):
        try:
            with self.env.cr.savepoint():
                getattr(records, name)(*args)
        except CLEAN:
            pass
        except Exception as error:  # noqa: BLE001 - collected and reported below
            failures.append(
                f"{records._name}.{name} {case}: {type(error).__name__}: {error}"
            )

    def test_public_methods_called_badly(self):
        methods = addon_public_methods(self.env.registry)
        # The harness reports a raw error: Odoo's ensure_one on two partners.
        failures, calls = [], 0
        self._call(self.ceo | self.cfo, "ensure_one", (), "check", failures)
        self.assertEqual(len(failures), 1)
        self.assertIn("ValueError", failures.pop())
        self.assertIn("action_kam_relationship_map", methods["kam.account"])
        self.assertIn("get_map_data", methods["kam.network"])
        # The columns of the access table: a manager, a team member, a Key
        # Accounts user not on the team, a member whose membership ended, a
        # manager of another company only, a salesperson and a portal user.
        ended = new_test_user(
            self.env, login="kam_pub_ended", name="Enno Ended", groups=KAM_USER
        )
        today = fields.Date.today()
        self.add_member(
            self.account,
            ended,
            self.role_solution,
            date_from=today - relativedelta(years=2),
            date_to=today - relativedelta(months=1),
        )
        company_b = self.env["res.company"].create({"name": "KAM Public B"})
        manager_b = self.company_user(
            "kam_pub_manager_b", "Bo Public", KAM_MANAGER, company_b
        )
        users = (
            self.kam_manager,
            self.kam_user,
            self.kam_user_2,
            ended,
            manager_b,
            self.salesman,
            self.portal,
        )
        for user in users:
            for model_name, functions in sorted(methods.items()):
                Model = self.env[model_name].with_user(user)
                several = (
                    Model.browse()
                    if Model._abstract
                    else self.env[model_name].search([], limit=2).with_user(user)
                )
                for name, function in sorted(functions.items()):
                    params = [
                        p
                        for p in inspect.signature(function).parameters.values()
                        if p.name != "self"
                        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                    ]
                    required = [p for p in params if p.default is p.empty]
                    if not required:
                        self._call(
                            Model.browse(MISSING_ID),
                            name,
                            (),
                            "on a missing id",
                            failures,
                        )
                        calls += 1
                        if len(several) == 2:
                            self._call(several, name, (), "on two records", failures)
                            calls += 1
                    for value in WRONG_VALUES if params else ():
                        self._call(
                            Model.browse(MISSING_ID) if not required else Model,
                            name,
                            (value,) * len(params),
                            f"with {value!r}",
                            failures,
                        )
                        calls += 1
        _logger.info(
            "public methods: %s methods of %s models, %s calls",
            sum(len(f) for f in methods.values()),
            len(methods),
            calls,
        )
        self.assertFalse(failures, "\n".join(failures))
