"""In Chromium: a person applies as a technology manager, a reviewer approves in the
admin, an enterprise names the manager in its contract form, the manager confirms the
link on their page and files the yearly report."""

import pytest
from playwright.sync_api import expect

from contracts.models import Contract
from managers.models import Filing, Manager
from tests.conftest import browser_login
from tests.managers.conftest import PDF, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_manager_link_a_contract_and_file_the_yearly_report(
    browser, page, live_server, reviewer, enterprise_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    person = make_person()
    scan = tmp_path / "证书.pdf"
    scan.write_bytes(PDF)

    # 1. The person applies, without an organisation.
    browser_login(page, live_server, person)
    page.goto(f"{live_server.url}/managers/")
    page.click("main a:has-text('申请登记为技术经理人')")
    page.fill("#id_name", "周经理")
    page.fill("#id_employer", "克拉玛依技术转移中心")
    page.check("main input[name=technical_fields][value=new_energy]")
    page.fill("#id_certificate_number", "JSJLR-2025-0777")
    page.set_input_files("#id_certificate_file", str(scan))
    page.fill("#id_bio", "长期从事油气领域技术转移。")
    page.fill("#id_phone", "139 9000 0777")
    page.click("main button[type=submit]")
    page.wait_for_url("**/managers/*/")
    expect(page.locator("main")).to_contain_text("正在审核中")
    manager = Manager.objects.get(user=person)
    assert manager.status == "applied" and manager.phone == "13990000777"

    # 2. A reviewer approves it in the admin.
    reviewing = browser.new_context(locale="zh-CN")
    admin = reviewing.new_page()
    browser_login(admin, live_server, reviewer)
    admin.goto(f"{live_server.url}/admin/managers/manager/")
    admin.check(f"input[name=_selected_action][value='{manager.pk}']")
    admin.select_option("select[name=action]", "approve_selected")
    admin.click("button[name=index]")
    expect(admin.locator(".messagelist")).to_contain_text("已通过 1 位")
    reviewing.close()
    manager.refresh_from_db()
    assert manager.status == "approved"

    # 3. The enterprise names the manager in its contract form.
    filing = browser.new_context(locale="zh-CN")
    enterprise = filing.new_page()
    browser_login(enterprise, live_server, enterprise_user)
    enterprise.goto(f"{live_server.url}/contracts/new/")
    enterprise.fill("#id_title", "稠油降黏技术服务")
    enterprise.select_option("#id_broker", str(manager.pk))
    enterprise.click("main button[value=save]")
    enterprise.wait_for_url("**/contracts/*/")
    filing.close()
    contract = Contract.objects.get(title="稠油降黏技术服务")
    assert contract.broker_id == manager.pk and contract.broker_confirmed_at is None

    # 4. The manager confirms it on their page, then files last year's report.
    page.goto(f"{live_server.url}/managers/{manager.pk}/")
    row = page.locator("#contracts tr", has_text="稠油降黏技术服务")
    expect(row).to_be_visible()
    page.locator("#contracts form button").first.click()
    expect(page.locator("main .messages")).to_contain_text("已确认合同")
    expect(page.locator("#contracts")).to_contain_text("已确认")
    contract.refresh_from_db()
    assert contract.broker_confirmed_at is not None

    page.click("main a:has-text('年度备案')")
    page.fill("#id_deals", "2")
    page.fill("#id_services", "9")
    page.fill("#id_training_hours", "16.5")
    page.fill("#id_summary", "促成技术服务合同 2 项。")
    page.click("main button[type=submit]")
    expect(page.locator("main .messages")).to_contain_text("年度备案已提交")
    expect(page.locator("table.filings")).to_contain_text("16.5")
    assert Filing.objects.get(manager=manager).services == 9
