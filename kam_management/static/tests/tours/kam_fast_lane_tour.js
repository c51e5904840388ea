import {registry} from "@web/core/registry";
import tourUtils from "@sale/js/tours/tour_utils";
import {unfoldSmartButton} from "@kam_management/../tests/tours/kam_tour_utils";

const COUNT_BUTTON = "button[name='action_kam_fast_lane_orders']";

/** The key account's count of fast-lane orders, wherever its smart button is. */
function fastLaneCount(count) {
    return [
        unfoldSmartButton("action_kam_fast_lane_orders"),
        {
            content: `The key account counts ${count} fast-lane order(s)`,
            trigger: `${COUNT_BUTTON} .o_stat_value:contains('${count}')`,
        },
    ];
}

// The small-deal fast lane (小单快速通道): from the key account straight to Odoo's own
// quotation form for the customer, one product, confirmed as a sales order.
registry.category("web_tour.tours").add("kam_fast_lane_tour", {
    steps: () => [
        ...fastLaneCount(0),
        {
            content: "Quote the customer through the fast lane",
            trigger: ".o_form_view button[name='action_kam_fast_lane_quotation']",
            run: "click",
        },
        {
            content: "Odoo's quotation form opens for the key account's customer",
            trigger:
                ".o_sale_order .o_field_widget[name='partner_id'] input:value(KAM Fast Lane Co)",
        },
        {
            content: "It is marked fast lane",
            trigger: ".o_sale_order [name='kam_fast_lane_badge']:contains('Fast Lane')",
        },
        ...tourUtils.addProduct("Fast Lane Widget"),
        {
            content: "The line is priced",
            trigger: ".o_field_cell[name='price_subtotal']:contains('120.00')",
        },
        {
            content: "Confirm the quotation",
            trigger: "button[name='action_confirm']:enabled",
            run: "click",
        },
        {
            content: "It is a sales order now",
            trigger:
                ".o_field_widget[name='state'] .o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "Still marked fast lane",
            trigger: ".o_sale_order [name='kam_fast_lane_badge']:contains('Fast Lane')",
        },
        {
            content: "Back to the key account",
            trigger: ".o_breadcrumb a:contains('KAM Fast Lane Co')",
            run: "click",
        },
        ...fastLaneCount(1),
        {
            content: "Open the account's fast-lane orders",
            trigger: COUNT_BUTTON,
            run: "click",
        },
        {
            content: "The list says whose fast lane it is",
            trigger: ".o_breadcrumb .active:contains('Fast Lane: KAM Fast Lane Co')",
        },
        {
            content: "with the confirmed order",
            trigger: ".o_list_view .o_data_row:contains('KAM Fast Lane Co')",
        },
    ],
});
