from odoo import fields, models
from odoo.tools import SQL

LANES = [
    ("fast_lane", "Fast Lane"),
    ("pipeline", "Pipeline"),
    ("direct", "Other Orders"),
]


class KamLaneReport(models.Model):
    """Confirmed orders of key accounts by lane (货币化产出): the small-deal fast
    lane against the pipeline (orders of an opportunity), with the days from the
    first contact to the order. First contact: the opportunity's creation for an
    order of an opportunity, else the quotation's creation. Amounts untaxed, in the
    current company's currency: each order at its own rate to its company's
    currency, then Odoo's currency table to the current company's, as
    sale.report does."""

    _name = "kam.lane.report"
    _description = "Fast Lane and Pipeline Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    account_id = fields.Many2one("kam.account", string="Key Account", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    opportunity_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    lane = fields.Selection(LANES, readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    first_contact_date = fields.Datetime(string="First Contact", readonly=True)
    amount = fields.Monetary(
        string="Revenue", currency_field="currency_id", readonly=True
    )
    days_to_order = fields.Float(
        string="Days to Order",
        readonly=True,
        aggregator="avg",
        help="Days from the first contact to the order, averaged.",
    )
    order_count = fields.Integer(string="Orders", readonly=True)

    @property
    def _table_query(self):
        currency_table = self.env["res.currency"]._get_simple_currency_table(
            self.env.companies
        )
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   ka.id AS account_id,
                   so.company_id AS company_id,
                   %(currency)s AS currency_id,
                   ka.partner_id AS partner_id,
                   so.user_id AS user_id,
                   so.team_id AS team_id,
                   so.opportunity_id AS opportunity_id,
                   CASE WHEN so.kam_fast_lane THEN 'fast_lane'
                        WHEN so.opportunity_id IS NOT NULL THEN 'pipeline'
                        ELSE 'direct' END AS lane,
                   so.date_order AS date,
                   COALESCE(lead.create_date, so.create_date) AS first_contact_date,
                   so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1.0)
                       * COALESCE(account_currency_table.rate, 1.0) AS amount,
                   GREATEST(
                       EXTRACT(EPOCH FROM so.date_order
                           - COALESCE(lead.create_date, so.create_date)) / 86400.0,
                       0
                   ) AS days_to_order,
                   1 AS order_count
              FROM sale_order so
              JOIN res_partner customer ON customer.id = so.partner_id
              JOIN kam_account ka
                ON ka.partner_id = customer.commercial_partner_id
               AND ka.company_id = so.company_id
         LEFT JOIN %(currency_table)s
                ON account_currency_table.company_id = so.company_id
         LEFT JOIN crm_lead lead ON lead.id = so.opportunity_id
             WHERE so.state = 'sale'
            """,
            currency=self.env.company.currency_id.id,
            currency_table=currency_table,
        )
