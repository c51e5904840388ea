import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {formatDate} from "@web/core/l10n/dates";
import {
    EDITED_ROW as ROW,
    addLine,
    choose,
    decide,
    headerButton,
    openTab,
    smartButton,
    statusIs,
} from "@kam_management/../tests/tours/kam_tour_utils";

// The seven steps on one new customer, in simplified Chinese, as a Chinese sales
// organisation works (TestStoryZhCn switches users between the tours, and checks
// the database after each):
// 1. kam_story_nominate_tour: salesperson 王芳 nominates 华东精密制造有限公司, a
//    customer with no opportunity yet;
// 2. kam_story_allocate_tour: Key Accounts manager 陈经理 estimates its potential,
//    qualifies it, names its iron triangle (客户经理, 方案经理, 客户引领专家) and
//    allocates it;
// 3. kam_story_operate_tour: account manager 刘客户经理 portrays the key persons,
//    records the lead expert's influence on the decision maker and sees it on the
//    map, recomputes the class, applies the proposed strategy and drafts the plan;
// 4. kam_story_approve_tour: 陈经理 approves the plan;
// 5. kam_story_deals_tour: 刘客户经理 confirms a fast-lane quotation, then opens a
//    big deal that the gates hold out of 提案;
// 6. kam_story_gate_pass_tour: 陈经理 lets it pass with a reason;
// 7. kam_story_evaluation_tour: once the quarter has ended, 刘客户经理 completes the
//    account plan's execution evaluation with an improvement item.
// The labels the steps look for are the Chinese ones: a missing translation fails.

const {DateTime} = luxon;
const CUSTOMER = "华东精密制造有限公司";

const tours = registry.category("web_tour.tours");

function menu(xmlid) {
    return {
        content: `Open the menu ${xmlid}`,
        trigger: `.o_main_navbar [data-menu-xmlid='kam_management.${xmlid}']`,
        run: "click",
    };
}

/** From anywhere: Key Accounts > 客户识别 > 我的客户 > the customer. */
function openMyAccount() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger:
                ".o_app[data-menu-xmlid='kam_management.kam_menu_root']:contains('大客户管理')",
            run: "click",
        },
        menu("kam_menu_identification"),
        {
            content: "My accounts",
            trigger:
                ".dropdown-item[data-menu-xmlid='kam_management.kam_account_menu_my']",
            run: "click",
        },
        {
            content: `Open ${CUSTOMER}`,
            trigger: `.o_kanban_record:contains('${CUSTOMER}')`,
            run: "click",
        },
        {
            content: "Its form is open",
            trigger: `.o_form_view .o_breadcrumb .active:contains('${CUSTOMER}')`,
        },
    ];
}

tours.add("kam_story_nominate_tour", {
    steps: () => [
        {
            content: "提名为大客户",
            trigger:
                ".o_form_view .o_form_statusbar button[name='action_kam_nominate']:contains('提名为大客户')",
            run: "click",
        },
        {
            content: "The customer is proposed",
            trigger: `.modal .o_field_widget[name='partner_ids'] .o_tag:contains('${CUSTOMER}')`,
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit 长三角最大的精密制造集团，明年扩建三条产线，尚无商机",
        },
        {
            content: "提名",
            trigger: ".modal button[name='action_nominate']:contains('提名')",
            run: "click",
        },
        {
            content: "A Key Accounts manager decides next",
            trigger: `.o_notification .o_notification_content:contains('已提名：${CUSTOMER}')`,
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

tours.add("kam_story_allocate_tour", {
    steps: () => [
        statusIs("nominated"),
        {
            content: "A new customer with no opportunity (新客户无单)",
            trigger:
                ".o_form_view .o_field_widget[name='lifecycle_stage']:contains('新客户无单')",
        },
        // 经验推算法: the manager's estimate of its purchasing potential.
        openTab("identification", "客户识别"),
        {
            content: "Estimate the potential by hand",
            trigger: ".tab-pane.active .o_field_widget[name='potential_manual'] input",
            run: "click",
        },
        {
            content: "Two million a year",
            trigger:
                ".tab-pane.active .o_field_widget[name='potential_manual_amount'] input",
            run: "edit 2000000",
        },
        {
            content: "Why",
            trigger:
                ".tab-pane.active .o_field_widget[name='potential_rationale'] textarea",
            run: "edit 三条新产线的传感器和软件预算",
        },
        ...stepUtils.saveForm(),
        ...decide("判定合格", "qualified", "潜力大，是区域内的标杆客户"),
        // The iron triangle (铁三角) of a new customer.
        openTab("team", "团队"),
        {
            content: "The iron triangle is not complete yet",
            trigger: ".tab-pane.active .o_field_widget[name='triangle_gaps']",
        },
        addLine("member_ids"),
        ...choose(ROW, "role_id", "客户经理"),
        ...choose(ROW, "user_id", "刘客户经理"),
        addLine("member_ids"),
        ...choose(ROW, "role_id", "方案经理"),
        ...choose(ROW, "user_id", "赵方案经理"),
        addLine("member_ids"),
        ...choose(ROW, "role_id", "客户引领专家"),
        ...choose(ROW, "user_id", "孙引领专家"),
        ...stepUtils.saveForm(),
        {
            content: "铁三角完整",
            trigger:
                ".tab-pane.active .o_field_widget[name='triangle_complete'] input:checked",
        },
        {
            content: "The lead expert is named",
            trigger:
                ".tab-pane.active .o_field_widget[name='lead_expert_id']:contains('孙引领专家')",
        },
        ...decide("分配", "allocated", "刘客户经理负责华东区域"),
    ],
});

tours.add("kam_story_operate_tour", {
    steps: () => [
        statusIs("allocated"),
        // Key persons (关键人) and their portraits (个体关键画像).
        openTab("key_persons", "关键人"),
        addLine("key_person_ids"),
        ...choose(ROW, "partner_id", "张伟"),
        {
            content: "张伟 decides",
            trigger: `${ROW} .o_field_widget[name='decision_role'] select`,
            run: "selectByLabel 决策者",
        },
        // Saved first: the next one reports to him.
        ...stepUtils.saveForm(),
        addLine("key_person_ids"),
        ...choose(ROW, "partner_id", "李娜"),
        {
            content: "李娜 guards the purchase",
            trigger: `${ROW} .o_field_widget[name='decision_role'] select`,
            run: "selectByLabel 采购把关人",
        },
        ...choose(ROW, "reports_to_id", "张伟"),
        ...stepUtils.saveForm(),
        {
            content: "Open 张伟's portrait",
            trigger:
                ".tab-pane.active .o_data_row:contains('张伟') .o_list_record_open_form_view button",
            run: "click",
        },
        {
            content: "His portrait opens",
            trigger: ".o_form_view .o_breadcrumb .active:contains('张伟')",
        },
        {
            content: "关系紧密度",
            trigger: ".o_form_view .o_field_widget[name='closeness'] select",
            run: "selectByLabel 3 - 友好",
        },
        {
            content: "方案认可度",
            trigger: ".o_form_view .o_field_widget[name='solution_acceptance'] select",
            run: "selectByLabel 4 - 认可",
        },
        {
            content: "价格接受度",
            trigger: ".o_form_view .o_field_widget[name='price_acceptance'] select",
            run: "selectByLabel 3 - 可谈",
        },
        {
            content: "Hobbies",
            trigger:
                ".o_form_view .o_field_widget[name='interests'] :is(textarea, input)",
            run: "edit 围棋、马拉松",
        },
        ...stepUtils.saveForm(),
        {
            content: "The three measures give a stance",
            trigger:
                ".o_form_view .o_field_widget[name='stance'] .badge:contains('中立')",
        },
        {
            content: "Back to the account",
            trigger: `.o_breadcrumb a:contains('${CUSTOMER}')`,
            run: "click",
        },
        // 影响力关系: our lead expert influences the decision maker.
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='kam_management.kam_menu_root']",
            run: "click",
        },
        menu("kam_menu_identification"),
        {
            content: "影响力关系",
            trigger:
                ".dropdown-item[data-menu-xmlid='kam_management.kam_influence_menu']:contains('影响力关系')",
            run: "click",
        },
        {
            content: "New influence",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        ...choose(".o_data_row.o_selected_row", "account_id", CUSTOMER),
        ...choose(".o_data_row.o_selected_row", "influencer_id", "孙引领专家"),
        ...choose(".o_data_row.o_selected_row", "influenced_id", "张伟"),
        {
            content: "A strong influence",
            trigger:
                ".o_data_row.o_selected_row .o_field_widget[name='strength'] select",
            run: "selectByLabel 高",
        },
        {
            content: "in our favour",
            trigger:
                ".o_data_row.o_selected_row .o_field_widget[name='direction'] select",
            run: "selectByLabel 正向",
        },
        {
            content: "Save",
            trigger: ".o_control_panel .o_list_button_save",
            run: "click",
        },
        {
            content: "The expert is one of ours",
            trigger:
                ".o_data_row:not(.o_selected_row):contains('孙引领专家') .o_data_cell[name='influencer_kind']:contains('我方人员')",
        },
        // The map shows it.
        ...openMyAccount(),
        {
            content: "Open its relationship map",
            trigger: ".o_form_view button[name='action_kam_relationship_map']",
            run: "click",
        },
        {
            content: "Our lead expert is on the map",
            trigger:
                ".o_kam_relationship_map .o_kam_node.o_kam_group_ours[data-name='孙引领专家']",
        },
        {
            content: "with a positive influence",
            trigger:
                ".o_kam_relationship_map path.o_kam_influence.o_kam_influence_positive",
        },
        {
            content: "Back to the account",
            trigger: `.o_breadcrumb a:contains('${CUSTOMER}')`,
            run: "click",
        },
        // ABCD class and strategy (资源投入策略, 管理策略和战术).
        openTab("classification", "ABCD 分类"),
        {
            content: "重算分类",
            trigger:
                ".tab-pane.active button[name='action_kam_classify']:contains('重算分类')",
            run: "click",
        },
        {
            content: "High potential, no contribution yet: class C",
            trigger:
                ".tab-pane.active .o_field_widget[name='account_class'] .badge:contains('C - 突破型')",
        },
        openTab("strategy", "策略"),
        {
            content: "应用建议的策略",
            trigger:
                ".tab-pane.active button[name='action_kam_apply_proposed_strategy']:contains('应用建议的策略')",
            run: "click",
        },
        {
            content: "The strategy applies",
            trigger:
                ".tab-pane.active:not(:has(button[name='action_kam_apply_proposed_strategy'])) .o_field_widget[name='strategy_id'] :is(a, span, input)",
        },
        // 账户规划, drafted by the account manager.
        ...smartButton("action_kam_plans", "账户规划"),
        {
            content: "New plan",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "For this account",
            trigger: `.o_form_view .o_field_widget[name='account_id'] input:value('${CUSTOMER}')`,
        },
        openTab("opportunity_targets", "机会和目标"),
        {
            content: "收入目标",
            trigger: ".tab-pane.active .o_field_widget[name='revenue_target'] input",
            run: "edit 600000",
        },
        ...stepUtils.saveForm(),
        statusIs("draft"),
    ],
});

tours.add("kam_story_approve_tour", {
    steps: () => [
        ...smartButton("action_kam_plans", "账户规划"),
        {
            content: "Open the draft plan",
            trigger: `.o_list_view .o_data_row:contains('${CUSTOMER}') .o_data_cell[name='account_id']`,
            run: "click",
        },
        headerButton("action_kam_approve", "批准"),
        statusIs("approved"),
        {
            content: "Approved by the manager",
            trigger:
                ".o_form_view .o_field_widget[name='approved_by_id']:contains('陈经理')",
        },
    ],
});

tours.add("kam_story_deals_tour", {
    steps: () => [
        // 小单快速通道
        headerButton("action_kam_fast_lane_quotation", "快速通道报价单"),
        {
            content: "Odoo's quotation form for the customer",
            trigger: `.o_sale_order .o_field_widget[name='partner_id'] input:value('${CUSTOMER}')`,
        },
        {
            content: "It is marked fast lane",
            trigger: ".o_sale_order [name='kam_fast_lane_badge']:contains('快速通道')",
        },
        {
            content: "添加产品",
            trigger: ".o_sale_order a:contains('添加产品')",
            run: "click",
        },
        {
            content: "The product",
            trigger: ".o_data_row.o_selected_row div[name='product_template_id'] input",
            run: "edit 精密传感器",
        },
        {
            content: "Choose it",
            trigger: "ul.ui-autocomplete a:contains('精密传感器')",
            run: "click",
        },
        {
            content: "Five of them",
            trigger:
                ".o_data_row.o_selected_row .o_field_widget[name='product_uom_qty'] input",
            run: "edit 5",
        },
        {
            content: "Leave the line",
            trigger: ".o_sale_order a[name='order_lines']",
            run: "click",
        },
        {
            content: "The line is priced",
            trigger: ".o_field_cell[name='price_subtotal']:contains('4,000.00')",
        },
        {
            content: "Confirm",
            trigger: ".o_sale_order button[name='action_confirm']:enabled",
            run: "click",
        },
        {
            content: "It is a sales order",
            trigger:
                ".o_field_widget[name='state'] .o_arrow_button_current:contains('销售订单')",
        },
        {
            content: "Back to the key account",
            trigger: `.o_breadcrumb a:contains('${CUSTOMER}')`,
            run: "click",
        },
        // 大单打单过程: the decision chain comes from the key persons.
        headerButton("action_kam_new_big_deal", "新建大单"),
        {
            content: "Name the deal",
            trigger: ".o_form_view .o_field_widget[name='name'] :is(input, textarea)",
            run: "edit 三条新产线传感器与软件",
        },
        {
            content: "Expected revenue",
            trigger: ".o_form_view .o_field_widget[name='expected_revenue'] input",
            run: "edit 1500000",
        },
        openTab("kam_decision_chain", "商机决策链"),
        {
            content: "The decision maker comes first",
            trigger: ".tab-pane.active .o_data_row:first-child:contains('张伟')",
        },
        {
            content: "and the buyer",
            trigger: ".tab-pane.active .o_data_row:contains('李娜')",
        },
        ...stepUtils.saveForm(),
        {
            content: "Move it into 提案",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button:contains('提案')",
            run: "click",
        },
        {
            content: "The gates hold it, in Chinese",
            trigger:
                ".modal .o_error_dialog:contains('是大单，暂时还不能进入阶段 提案')",
        },
        {
            content: "关闭",
            trigger: ".modal .modal-footer button:contains('关闭')",
            run: "click",
        },
        {
            content: "Discard the refused move",
            trigger: ".o_form_view .o_form_button_cancel",
            run: "click",
        },
        {
            content: "The deal is still new",
            trigger:
                "body:not(:has(.modal)) .o_form_renderer.o_form_saved .o_statusbar_status .o_arrow_button_current:contains('新建')",
        },
    ],
});

tours.add("kam_story_gate_pass_tour", {
    steps: () => [
        {
            content: "Move the big deal into 提案",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button:contains('提案')",
            run: "click",
        },
        {
            content: "The move is refused",
            trigger: ".modal .o_error_dialog:contains('暂时还不能进入阶段 提案')",
        },
        {
            content: "说明原因并放行",
            trigger: ".modal .modal-footer button:contains('说明原因并放行')",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit 集团总经理直接支持此项目，教练人选下周确定。",
        },
        {
            content: "放行",
            trigger: ".modal button[name='action_pass']:contains('放行')",
            run: "click",
        },
        {
            content: "The wizard closes",
            trigger: "body:not(:has(.modal))",
        },
        ...stepUtils.saveForm(),
        {
            content: "The deal is in 提案",
            trigger:
                ".o_form_renderer.o_form_saved .o_statusbar_status .o_arrow_button_current:contains('提案')",
        },
        openTab("kam_stage_gates", "阶段关口"),
        {
            content: "Passed by override, with its reason",
            trigger:
                ".tab-pane.active .o_field_widget[name='kam_gate_override_ids'] .o_data_row:contains('集团总经理直接支持此项目')",
        },
    ],
});

tours.add("kam_story_evaluation_tour", {
    steps: () => [
        {
            // The icon's aria-label stays English in Odoo 18; the group's name
            // below is the translated check.
            content: "Open the activity menu",
            trigger: ".o_menu_systray i.fa-clock-o",
            run: "click",
        },
        {
            content: "客户运营状态评估",
            trigger:
                ".o-mail-ActivityGroup[data-model_name='kam.evaluation']:contains('客户运营状态评估')",
            run: "click",
        },
        {
            content: "我的评估",
            trigger: ".o_searchview .o_facet_value:contains('我的评估')",
        },
        {
            content: "The plan's execution evaluation",
            trigger: `.o_list_view .o_data_row:contains('${CUSTOMER}'):contains('账户规划执行评估') .o_data_cell[name='account_id']`,
            run: "click",
        },
        statusIs("todo"),
        openTab("findings", "评估结论"),
        {
            content: "Write the findings",
            trigger: ".tab-pane.active .o_field_html[name='findings'] p",
            run: "editor 张总认可方案，但引领专家与他的交流太少",
        },
        ...stepUtils.saveForm(),
        openTab("improvement_plan", "提升和改进计划"),
        addLine("item_ids"),
        {
            content: "What to improve",
            trigger: `${ROW} .o_field_widget[name='name'] input`,
            run: "edit 每两周安排一次引领专家与张总的交流",
        },
        ...choose(ROW, "user_id", "孙引领专家"),
        {
            content: "By when (the user's date format)",
            trigger: `${ROW} .o_field_widget[name='date_deadline'] input`,
            run: `edit ${formatDate(DateTime.local(new Date().getFullYear() + 1, 1, 31))}`,
        },
        ...stepUtils.saveForm(),
        headerButton("action_kam_done", "已完成"),
        statusIs("done"),
    ],
});
