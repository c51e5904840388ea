import math
import re
from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Bounds on values coming from a client: beyond them PostgreSQL or Python fail with a
# technical error (integer out of range, NaN in a numeric column), or a page fills up.
INT_BOUND = 2**31 - 1
FLOAT_BOUND = 1e15
CHAR_LIMIT = 256
# A unique key of _sql_constraints: UNIQUE(field, field...).
UNIQUE_KEY = re.compile(r"\s*UNIQUE\s*\(([^)]*)\)\s*", re.IGNORECASE)
TEXT_LIMIT = 10000


def kam_ensure_one(records):
    """ensure_one() with words for a salesperson: actions called over RPC on several
    records, or none, would otherwise answer "Expected singleton"."""
    if len(records) != 1:
        raise UserError(
            _("This action works on one record at a time: choose exactly one.")
        )
    return records


def kam_action_titled(action, title):
    """The window action `action` (a dict) under `title`: Odoo 18's web client
    titles an action by its display_name before its name, so both are set."""
    action["name"] = action["display_name"] = title
    return action


class KamInputMixin(models.AbstractModel):
    """Clean answers to bad input on the addon's models, and the engines' fields kept
    out of users' hands.

    Every value a client sends is checked before the ORM sees it: numbers are finite
    and within bounds, choices exist, dates parse, texts have a length limit, linked
    records exist. Fields listed in `_kam_system_fields` are written only by the
    engines (SQL or sudo), never by a user's values, context defaults or copy.
    """

    _name = "kam.input.mixin"
    _description = "Key-Account Input Checks"

    _kam_system_fields = frozenset()
    # Numeric bounds per field name: {name: (low, high)}; others get the type's bound.
    _kam_bounds = {}

    @api.model
    def _kam_check_vals(self, vals, creating=False):
        """Refuse values a client may send that the ORM or PostgreSQL would answer
        with a technical error, and values of the engines' own fields. The engines
        themselves (superuser) are trusted."""
        return self._kam_check_vals_list([vals], creating)[0]

    @api.model
    def _kam_check_vals_list(self, vals_list, creating=False):
        if self.env.su:
            return vals_list
        links = defaultdict(set)
        for vals in vals_list:
            self._kam_check_forged(vals, creating)
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None:
                    continue
                if value is False or value is None:
                    # A required link emptied: checks that search would flush it
                    # into the database's NOT NULL before saying anything.
                    if not creating and field.type == "many2one" and field.required:
                        raise ValidationError(
                            _(
                                "%(field)s is required.",
                                field=field._description_string(self.env),
                            )
                        )
                    continue
                vals[name] = self._kam_check_value(field, value)
                if field.type == "many2one" and isinstance(value, int):
                    links[field].add(value)
        for field, ids in links.items():
            # One query per linked model for the whole batch. sudo: existence only;
            # reading the record is checked by the ORM afterwards.
            Target = self.env[field.comodel_name].sudo()  # sudo: see above
            found = Target.browse(ids).exists()
            if len(found) != len(ids):
                raise UserError(
                    _(
                        "%(field)s refers to a record that does not exist (any more).",
                        field=field._description_string(self.env),
                    )
                )
        return vals_list

    @api.model
    def _kam_check_forged(self, vals, creating):
        if not self.env.su:
            forged = self._kam_system_fields & vals.keys()
            if creating:
                forged |= {
                    name
                    for name in self._kam_system_fields
                    if f"default_{name}" in self.env.context
                }
            if forged:
                raise AccessError(
                    _(
                        "%(fields)s are computed by Key Accounts and cannot be set "
                        "by hand.",
                        fields=", ".join(
                            self._fields[name]._description_string(self.env)
                            for name in sorted(forged)
                        ),
                    )
                )

    @api.model
    def _kam_check_value(self, field, value):
        """The value itself (numbers cleaned), or a clear error."""
        label = field._description_string(self.env)
        if field.type in ("integer", "float", "monetary"):
            return self._kam_check_number(field, label, value)
        if field.type == "selection" and isinstance(field.selection, list):
            if str(value) not in dict(field.selection):
                raise ValidationError(
                    _(
                        "%(value)s is not a valid choice for %(field)s.",
                        value=str(value)[:50],
                        field=label,
                    )
                )
        elif field.type in ("date", "datetime"):
            try:
                field.convert_to_cache(value, self)
            except (ValueError, TypeError) as error:
                raise ValidationError(
                    _(
                        "%(value)s is not a valid date for %(field)s.",
                        value=str(value)[:50],
                        field=label,
                    )
                ) from error
        elif field.type in ("char", "text", "html"):
            self._kam_check_text(field, label, value)
        elif field.type == "many2one" and not isinstance(value, models.BaseModel):
            self._kam_check_link(field, label, value)
        return value

    @api.model
    def _kam_check_text(self, field, label, value):
        limit = CHAR_LIMIT if field.type == "char" else TEXT_LIMIT
        if not isinstance(value, str):
            raise ValidationError(_("%(field)s must be a text.", field=label))
        if len(value) > limit:
            raise ValidationError(
                _(
                    "%(field)s is too long: at most %(limit)s characters.",
                    field=label,
                    limit=limit,
                )
            )

    @api.model
    def _kam_check_link(self, field, label, value):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(_("%(field)s must refer to a record.", field=label))

    @api.model
    def _kam_check_number(self, field, label, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError) as error:
                raise ValidationError(
                    _("%(field)s must be a number.", field=label)
                ) from error
        if math.isnan(value) or math.isinf(value):
            raise ValidationError(
                _(
                    "%(field)s must be a number, not %(value)s.",
                    field=label,
                    value=value,
                )
            )
        default = INT_BOUND if field.type == "integer" else FLOAT_BOUND
        low, high = self._kam_bounds.get(field.name, (-default, default))
        if not low <= value <= high:
            raise ValidationError(
                _(
                    "%(field)s must be between %(low)s and %(high)s.",
                    field=label,
                    low=low,
                    high=high,
                )
            )
        if field.type == "integer" and value != int(value):
            raise ValidationError(_("%(field)s must be a whole number.", field=label))
        return int(value) if field.type == "integer" else value

    @api.model_create_multi
    def create(self, vals_list):
        self._kam_check_vals_list(vals_list, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_vals(vals)
        result = super().write(vals)
        # A required field emptied: the models' own checks (above) had their say;
        # otherwise the database's NOT NULL would answer at the next flush.
        if not self.env.su:
            for name, value in vals.items():
                field = self._fields.get(name)
                if (
                    field is not None
                    and field.required
                    and (not value or (isinstance(value, str) and not value.strip()))
                    and field.type not in ("boolean", "integer", "float", "monetary")
                ):
                    raise ValidationError(
                        _(
                            "%(field)s is required.",
                            field=field._description_string(self.env),
                        )
                    )
        return result

    def copy_data(self, default=None):
        # Engine figures are copy=False; a default may not carry them either.
        if default and not self.env.su:
            self._kam_check_vals(dict(default))
        return super().copy_data(default=default)

    def copy(self, default=None):
        # A duplicate asked for; lines copied with their parent (copy_data of a
        # one2many) get the parent's new id and repeat nothing.
        self._kam_check_copy_unique(default or {})
        return super().copy(default=default)

    def _kam_check_copy_unique(self, default):
        """A copy that keeps every field of one of the model's unique keys would
        break it: refuse in words before the database does in its own."""
        for _name, definition, _message in self._sql_constraints:
            match = UNIQUE_KEY.fullmatch(definition)
            if not match:
                continue
            keys = [key.strip() for key in match.group(1).split(",")]
            if any(key in default for key in keys):
                continue
            # NULL is never equal to NULL: such a key is not repeated.
            if any(all(record[key] for key in keys) for record in self):
                raise UserError(
                    _(
                        "A copy would repeat %(fields)s of an existing %(model)s: "
                        "create a new one instead.",
                        fields=", ".join(
                            self._fields[key]._description_string(self.env)
                            for key in keys
                        ),
                        model=self._description,
                    )
                )
