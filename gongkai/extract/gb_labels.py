"""Row labels, column layouts and anchors of the gb2019 / gb2021 tables 2–4, as data.

Every pattern is matched against *compacted* label text: whitespace removed, half-width
``( ) , : ;`` folded to full-width, so labels wrapped over lines or cells still match. Patterns are
distinctive fragments rather than whole labels: real files wrap, truncate and misspell labels
(``2.其他法律行政止公开`` in 洪泽区 2023, ``5.要求行政机关确认或重新出`` cut by a PDF cell), and the
numbering (``（一）``, ``1.``, ``1、``) is unreliable. Taiwan usage (檔案 for 文件) is accepted too.
"""
from __future__ import annotations

# --- table 2 -------------------------------------------------------------------------------
# row key -> pattern
T2_ROWS: list[tuple[str, str]] = [
    ("rules", r"规章"),
    ("normative_docs", r"规范性(?:文件|文档|档案|檔案)"),
    ("licensing", r"行政许可"),
    ("other_services", r"其他对外管理服务事项|对外管理服务"),
    ("punishment", r"行政处罚"),
    ("coercion", r"行政强制"),
    ("fees", r"行政事业性收费"),
    ("procurement", r"政府集中采购"),
]

# (template, row key) -> column codes in printed order
T2_COLUMNS: dict[tuple[str, str], list[str]] = {
    ("gb2021", "rules"): ["made", "repealed", "valid"],
    ("gb2021", "normative_docs"): ["made", "repealed", "valid"],
    ("gb2021", "licensing"): ["decisions"],
    ("gb2021", "punishment"): ["decisions"],
    ("gb2021", "coercion"): ["decisions"],
    ("gb2021", "fees"): ["amount_10k_yuan"],
    ("gb2019", "rules"): ["new_made", "new_published", "total_published"],
    ("gb2019", "normative_docs"): ["new_made", "new_published", "total_published"],
    ("gb2019", "licensing"): ["prev_items", "delta", "decisions"],
    ("gb2019", "other_services"): ["prev_items", "delta", "decisions"],
    ("gb2019", "punishment"): ["prev_items", "delta", "decisions"],
    ("gb2019", "coercion"): ["prev_items", "delta", "decisions"],
    ("gb2019", "fees"): ["prev_items", "delta"],
    ("gb2019", "procurement"): ["items", "amount_10k_yuan"],
}

# table-2 column header fragments -> column code (used to place values under merged headers)
T2_HEADER_COLUMNS: list[tuple[str, str]] = [
    (r"制发", "made"),
    (r"废止", "repealed"),
    (r"现行有效", "valid"),
    (r"处理决定", "decisions"),
    (r"收费金额", "amount_10k_yuan"),
    (r"新制作", "new_made"),
    (r"新公开", "new_published"),
    (r"对外公开总", "total_published"),
    (r"上一年", "prev_items"),
    (r"增.?减", "delta"),
    (r"采购项目", "items"),
    (r"采购总金额", "amount_10k_yuan"),
]

T2_GB2021_MARKERS = r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额"
T2_GB2019_MARKERS = r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|采购项目数量|第二十条第（九）项"

# --- table 3 -------------------------------------------------------------------------------
T3_COLUMNS = ["natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_org", "legal_service_org", "other_org", "total"]

_T3_HEAD = [
    ("new_received", r"本年新收"),
    ("carried_in", r"上年结转"),
    ("granted", r"予以公开"),
    ("partial", r"部分公开"),
    ("denied.state_secret", r"国家秘密"),
    ("denied.law_prohibited", r"其他法律行政"),
    ("denied.security_stability", r"危及|三安全一稳定"),
    ("denied.third_party", r"第三方合法权益|保护第三方"),
    ("denied.internal_affairs", r"三类内部事务|内部事务信息"),
    ("denied.process_info", r"四类过程性|过程性信息"),
    ("denied.enforcement_files", r"行政执法案卷"),
    ("denied.query_matters", r"行政查(?:询|找)事项"),  # 查詢 in Taiwan usage normalizes to 查找
    ("unable.not_held", r"本机关不掌握"),
    ("unable.need_creation", r"没有现成信息|需要另行制作"),
    ("unable.unclear", r"补正后申请内容|仍不明确"),
    ("not_processed.petition", r"信访举报投诉"),
    ("not_processed.duplicate", r"重复申请"),
    ("not_processed.publication", r"公开出版物"),
    ("not_processed.mass_repeat", r"大量反复申请|无正当理由大量"),
    ("not_processed.confirm_reissue", r"要求行政机关确认"),
]
_T3_TAIL = [
    ("total_processed", r"七[）、.]?总计"),
    ("carried_out", r"结转下年度"),
]
T3_ROWS: dict[str, list[tuple[str, str]]] = {
    "gb2019": _T3_HEAD + [("other.total", r"其他处理")] + _T3_TAIL,
    "gb2021": _T3_HEAD + [
        ("other.no_supplement", r"逾期不补正|无正当理由逾期"),
        ("other.unpaid_fee", r"逾期未按收费|未按收费通知|缴纳费用"),
        ("other.other", r"3[.、]?其他(?!处理|法律|对外)"),
    ] + _T3_TAIL,
}
# gb2021 table 3 splits （六）其他处理 into three sub-rows; any of them marks the variant.
T3_GB2021_MARKERS = r"逾期不补正|逾期未按收费|未按收费通知|不再处理其政府信息公开申请"
T3_GB2019_MARKERS = r"其他处理"

# --- table 4 -------------------------------------------------------------------------------
T4_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]

# --- zone anchors (matched on the normalized text, spaces allowed between characters) ------
T2_START = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
            "第二十条第（九）项"]
T2_START_FALLBACK = ["信息内容本年制发件数", "信息内容本年新制作数量"]
T3_START = ["勾稽关系", "申请人情况", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量"]
T4_HEADER = ["未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结"]
