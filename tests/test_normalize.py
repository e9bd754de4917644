"""Normalization: what it changes, what it must leave alone, and that the fast path (pre-checks,
fused space pass, per-character replace) gives exactly what the plain sequence of passes gives."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import normalize as N
from gongkai.normalize import normalize_text


def _reference(text: str) -> tuple[str, str]:
    """The straightforward sequence of passes the fast implementation must reproduce."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    script = "simplified"
    if N.is_traditional(text):
        script = "traditional"
        text = N.to_simplified(text)
    text = text.translate(N._WIDTH)
    cjk = N._CJK
    text = re.sub(rf"(?<={cjk}) +(?=[0-9])", "", text)
    text = re.sub(rf"(?<=[0-9]) +(?={cjk})", "", text)
    text = N._THOUSANDS.sub(N._drop_thousands, text)
    return text, script


def test_basic_folds():
    text, script = normalize_text("２０２０ 年收到申请１,２３４件\r\n共 12,345,678 件，\u3000比上年\f增加 3 %")
    assert script == "simplified"
    assert text == "2020年收到申请1234件\n共12345678件， 比上年\n增加3%"  # U+3000 becomes a space; only CJK-digit spaces go


def test_keeps_tabs_labels_and_digit_groups():
    raw = "项目\t１\t2\n（一）申请\t1 2\t3,45\t1,234.5\t0.123,456"
    text, _ = normalize_text(raw)
    assert text == "项目\t1\t2\n（一）申请\t1 2\t3,45\t1,234.5\t0.123,456"


def test_traditional_is_converted():
    raw = "國務院辦公廳關於政府資訊公開工作報告的說明，統計數據與網絡檔案：本機構處理來說為準"
    text, script = normalize_text(raw)
    assert script == "traditional"
    assert "国务院" in text and "國" not in text


_ALPHABET = st.sampled_from(list("年月日件申请公开国國說為 \u3000\t\n\r\f0123456789,.%％（）、，：１２３４５６７８９０ＡＢ"
                                 "\u00a0\u2002\u2003\u2009\u200b\ufeff\u2212－"))


@settings(max_examples=600, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_matches_reference(raw: str):
    assert normalize_text(raw) == _reference(raw)


def _derived_protected_names() -> dict[str, str]:
    """Every traditional spelling (OpenCC's s2t, s2tw and s2hk renderings, and the simplified
    name itself) of a gazetteer place, short form, ethnonym or department that tw2sp alone
    would not bring back to the name."""
    import opencc

    from gongkai.extract.metadata import _departments
    from gongkai.places import _ethnonyms, gazetteer

    g = gazetteer()
    names = set(g.by_name) | set(g.by_short) | set(_ethnonyms())
    for abbr, fulls in _departments().items():
        names.add(abbr)
        names.update(full for full, _, _ in fulls)
    renderings = [opencc.OpenCC(c).convert for c in ("s2t", "s2tw", "s2hk")]
    hk2t, tw2sp = N._hk_variants().convert, N._converter().convert
    out: dict[str, str] = {}
    for name in sorted(names):
        for form in {name, *(r(name) for r in renderings)}:
            form = hk2t(form)
            if tw2sp(form) != name:
                assert out.get(form, name) == name, (form, out[form], name)
                out[form] = name
    return out


def test_protected_names_cover_the_gazetteer():
    table = N.protected_names()
    missing = {t: s for t, s in _derived_protected_names().items() if table.get(t) != s}
    assert not missing, "add to gongkai/data/protected_names.csv:\n" + "\n".join(
        f"{t},{s},gazetteer" for t, s in sorted(missing.items()))


def test_names_survive_conversion():
    # tw2sp alone: 蚌端口市, 伊犁哈萨克斯坦自治州, 文件局, 干安县
    text = "蚌埠市、伊犁哈薩克自治州伊寧市、乾安縣檔案局、中衞市衞生健康局，商埠；哈薩克斯坦。檔案管理軟體專案"
    assert N.to_simplified(text) == "蚌埠市、伊犁哈萨克自治州伊宁市、乾安县档案局、中卫市卫生健康局，商埠；哈萨克斯坦。文件管理软件项目"
