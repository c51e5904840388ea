from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

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

    @api.model
    def _kam_insert(self, vals_list):
        """Insert rows the engines make by the thousand (evaluations, qualification
        decisions) in one statement: complete values of the columns they set,
        `company_id` included. The ORM's create spends about 0.4 ms a row in Python
        (defaults, caches, mail.thread): 20 s for the 54,000 evaluations of a
        quarter and a half year ending together on 18,000 accounts. The values are
        the engines' own, never a user's; the database's constraints hold. Nothing
        stored depends on these rows, so no recomputation is missed."""
        if not vals_list:
            return self.browse()
        now = self.env.cr.now()
        magic = {
            "create_uid": self.env.uid,
            "create_date": now,
            "write_uid": self.env.uid,
            "write_date": now,
        }
        rows = [{**values, **magic} for values in vals_list]
        columns = [self._fields[name] for name in rows[0]]
        # One placeholder a value: the statement's text holds no data.
        row_code = "(" + ", ".join(["%s"] * len(columns)) + ")"
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s RETURNING id",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(field.name) for field in columns),
                SQL(
                    ", ".join([row_code] * len(rows)),
                    *(
                        field.convert_to_column_insert(row[field.name], self, row)
                        for row in rows
                        for field in columns
                    ),
                ),
            )
        )
        # As Odoo's own _create: the ids come back in the order of the rows.
        records = self.browse(row[0] for row in self.env.cr.fetchall())
        # The accounts' lists of these rows, if read before, are out of date.
        Account = self.env["kam.account"]
        Account.browse({row["account_id"] for row in rows}).invalidate_recordset(
            [
                name
                for name, field in Account._fields.items()
                if field.type == "one2many" and field.comodel_name == self._name
            ],
            flush=False,
        )
        return records

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
