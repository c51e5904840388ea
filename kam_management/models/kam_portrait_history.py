from odoo import api, fields, models

from .kam_key_person import KAM_MEASURE_NAMES

LEVELS = [(str(level), str(level)) for level in range(1, 6)]
# A person whose closeness was not known yet counts as a stranger.
STRANGER = 1


class KamPortraitHistory(models.Model):
    """One change of one of a key person's three measures: who, when, old, new.

    Trends and later evaluations read it; it is written only by kam.key.person."""

    _name = "kam.portrait.history"
    _inherit = ["kam.coverage.mixin"]
    _description = "Key-Person Measure History"
    _order = "date desc, id desc"

    key_person_id = fields.Many2one(
        "kam.key.person",
        string="Key Person",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        related="key_person_id.partner_id", string="Person", store=True, index=True
    )
    measure = fields.Selection(KAM_MEASURE_NAMES, required=True)
    old_level = fields.Selection(LEVELS, string="Old Level")
    new_level = fields.Selection(LEVELS, string="New Level")
    user_id = fields.Many2one("res.users", string="Changed By", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _kam_closeness_gains(self, key_persons, start, end):
        """{key person id: closeness levels gained between the datetimes `start`
        and `end`}: the level at `end` minus the level at `start`, each the last
        value recorded before that moment (before any record: the first record's
        old level; with no record at all: today's level; unknown counts as 1). One
        query for the batch; the expert KPIs and the yearly assessment use it."""
        history = self.search_fetch(
            [("key_person_id", "in", key_persons.ids), ("measure", "=", "closeness")],
            ["key_person_id", "date", "old_level", "new_level"],
            order="date, id",
        )
        rows_of = {}
        for row in history:
            rows_of.setdefault(row.key_person_id.id, []).append(row)

        def level_at(person, moment):
            rows = rows_of.get(person.id, [])
            before = [row for row in rows if row.date < moment]
            if before:
                level = before[-1].new_level
            elif rows:
                level = rows[0].old_level
            else:
                level = person.closeness
            return int(level) if level else STRANGER

        return {
            person.id: level_at(person, end) - level_at(person, start)
            for person in key_persons
        }
