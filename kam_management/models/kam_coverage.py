from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

# The one coverage rule of the addon. A record bound to a key account may be changed by
# the account's active team (`kam.account.team_user_ids`: members whose dates include
# today) and by the Key Accounts managers of the account's company; Key Accounts users
# read their companies' accounts. security/kam_security.xml writes the record rules
# with this same path; Python checks ask the rules (`check_access("write")`).
COVERAGE_PATH = "account_id.team_user_ids"


class KamCoverageMixin(models.AbstractModel):
    """Everything bound to a key account: the account, its company and the coverage
    rule. A record never moves from one account to another: moving out to an account
    the user covers, editing there and moving back would step around the rule."""

    _name = "kam.coverage.mixin"
    _inherit = ["kam.input.mixin"]
    _description = "Key-Account Coverage"

    account_id = fields.Many2one(
        "kam.account",
        string="Key Account",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True, precompute=True
    )

    def write(self, vals):
        allowed = self.env["ir.model.access"].check(
            self._name, "write", raise_exception=False
        )
        if not self.env.su and allowed:
            outside = self - self._filtered_access("write")
            if outside:
                # The record rules decide; this only says it in words.
                raise AccessError(
                    _(
                        "%(accounts)s: only the account's team and Key Accounts "
                        "managers change it. Ask its account manager.",
                        accounts=", ".join(outside.account_id.mapped("display_name")),
                    )
                )
        # The company is the account's (a stored related field, which a value
        # would overwrite): a new one would hand the record to another company.
        if any(
            name in vals and any(record[name].id != vals[name] for record in self)
            for name in ("account_id", "company_id")
        ):
            raise UserError(
                _(
                    "A record of a key account stays with its account: create a new "
                    "one on the other account instead."
                )
            )
        # A record bound through its parent (a plan's target, an evaluation's
        # item) stays with it too: a new parent would take it to another account,
        # or into a closed plan.
        related = self._fields["account_id"].related
        parent = related.split(".")[0] if related else None
        if parent in vals and any(record[parent].id != vals[parent] for record in self):
            raise UserError(
                _(
                    "This record stays with its %(parent)s: create a new one on the "
                    "other %(parent)s instead.",
                    parent=self._fields[parent]._description_string(self.env),
                )
            )
        return super().write(vals)
