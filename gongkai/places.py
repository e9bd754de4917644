"""Gazetteer of mainland administrative divisions (province, prefecture, county level).

Built once from the adcode table that ships with the installed ``cpca`` package (read as a data
file; importing cpca itself is slow) plus ``data/divisions_update.csv`` for divisions created or
renamed after that snapshot. The 6-digit adcode prefix gives the hierarchy: ``PP0000`` province,
``PPCC00`` prefecture, ``PPCCXX`` county. ``PP01``/``PP02`` of a 直辖市 and ``PP90``
(省直辖县级行政区划) are no places: counties under them hang directly below the province.

Names are looked up by their full form (``包河区``) or by their short form (``包河``, ``延边州``);
a name may denote several places (``朝阳区``: 北京, 长春), and callers must settle that from
context, never by picking one.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MUNICIPALITIES = ("11", "12", "31", "50")

# Conventional short names that do not follow the stem rules below.
_IRREGULAR_SHORTS = {
    "博尔塔拉蒙古自治州": ("博州",),
    "巴音郭楞蒙古自治州": ("巴州",),
    "克孜勒苏柯尔克孜自治州": ("克州",),
    "西双版纳傣族自治州": ("版纳",),
    "内蒙古自治区": ("内蒙古",),
    "广西壮族自治区": ("广西",),
    "西藏自治区": ("西藏",),
    "宁夏回族自治区": ("宁夏",),
    "新疆维吾尔自治区": ("新疆",),
    "香港特别行政区": ("香港",),
    "澳门特别行政区": ("澳门",),
    "神农架林区": ("神农架",),
}
# County-level names that are also everyday words: never used as context evidence.
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "市中区", "新区", "开发区", "市辖区", "县"})


@dataclass(frozen=True, slots=True)
class Place:
    code: str  # 6-digit adcode
    name: str
    kind: str  # 省 自治区 直辖市 特别行政区 | 地级市 地区 盟 自治州 | 区 县 县级市 旗 自治县 自治旗 林区 特区
    level: str  # province | prefecture | county
    parent: str | None  # code of the prefecture, or of the province for 直辖市 districts / 省直辖 units
    historical: bool = False  # abolished or renamed since; kept because older reports use it
    successor: str | None = None  # code of the county-level unit that replaced a historical county
    until: int | None = None  # a historical name's last report year (the year it changed), when known

    def in_use(self, year: int | None) -> bool:
        """Whether the name was in use in a report of ``year``. A historical name loses ties
        against the current names only for reports after its change; when the change's year is
        known and the report's is not, it keeps the tie (邢台's 桥东区 until 2020 beside 张家口's)."""
        if not self.historical:
            return True
        return self.until is not None and (year is None or year <= self.until)

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def direct(self) -> bool:
        """A county-level unit directly under its province (省直辖县级行政单位, adcode xx90xx)."""
        return self.level == "county" and self.code[2:4] == "90"

    @property
    def in_municipality(self) -> bool:
        return self.code[:2] in MUNICIPALITIES


def _province_kind(name: str, code: str) -> str:
    if code[:2] in MUNICIPALITIES:
        return "直辖市"
    if name.endswith("自治区"):
        return "自治区"
    if name.endswith("特别行政区"):
        return "特别行政区"
    return "省"


def _prefecture_kind(name: str) -> str:
    for suffix in ("自治州", "地区", "盟"):
        if name.endswith(suffix):
            return suffix
    return "地级市"


def _county_kind(name: str) -> str:
    for suffix in ("自治县", "自治旗", "林区", "特区", "旗", "区", "县"):
        if name.endswith(suffix):
            return suffix
    return "县级市" if name.endswith("市") else "县"


@lru_cache(maxsize=1)
def _ethnonyms() -> tuple[str, ...]:
    text = (resources.files("cpca") / "resources" / "56_nations.csv").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip()}
    # Names also appear without 族 (木垒哈萨克自治县, 塔什库尔干塔吉克自治县).
    names |= {n[:-1] for n in names if n.endswith("族") and len(n) >= 3}
    names.add("各族")
    return tuple(sorted(names, key=len, reverse=True))


def short_forms(name: str, level: str) -> tuple[str, ...]:
    """Informal forms of a division name: 张店区 → 张店, 延边朝鲜族自治州 → 延边州/延边."""
    if name in _IRREGULAR_SHORTS:
        extra = _IRREGULAR_SHORTS[name]
    else:
        extra = ()
    out: list[str] = list(extra)
    if "自治" in name or "族" in name:
        hits = [(name.find(e), e) for e in _ethnonyms() if e in name]
        inner = [i for i, _ in hits if i > 0]
        if inner:
            stem = name[: min(inner)]
        elif hits:  # the name starts with the ethnonym: 东乡族自治县 -> 东乡
            stem = max((e for i, e in hits if i == 0), key=len).removesuffix("族")
        else:
            stem = name[: name.find("自治")] if "自治" in name else ""
        if len(stem) >= 2:
            out.append(stem)
            if name.endswith("自治州"):
                out.append(stem + "州")
        return tuple(dict.fromkeys(out))
    for suffix in ("特别行政区", "新区", "地区", "特区", "省", "市", "区", "县", "盟", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.append(name[: -len(suffix)])
            break
    return tuple(dict.fromkeys(out))


class Gazetteer:
    """Index over the divisions: by code, by full name, by short name, with parents and children."""

    def __init__(self, places: list[Place]):
        self.by_code: dict[str, Place] = {}
        self.historical: list[Place] = []
        for p in places:
            if p.historical:
                self.historical.append(p)
            else:
                self.by_code[p.code] = p
        self._all = list(self.by_code.values()) + self.historical
        self.by_name: dict[str, tuple[Place, ...]] = {}
        self.by_short: dict[str, tuple[Place, ...]] = {}
        self.children: dict[str, list[Place]] = {}
        for p in self._all:
            self.by_name[p.name] = self.by_name.get(p.name, ()) + (p,)
            for s in short_forms(p.name, p.level):
                self.by_short[s] = self.by_short.get(s, ()) + (p,)
            if p.parent and not p.historical:
                self.children.setdefault(p.parent, []).append(p)
        self.max_name_len = max(len(n) for n in self.by_name)
        self.max_short_len = max(len(n) for n in self.by_short)

    # -- lookups --------------------------------------------------------
    def get(self, code: str) -> Place | None:
        return self.by_code.get(code) or next((p for p in self.historical if p.code == code), None)

    def lookup(self, name: str, short: bool = True) -> tuple[Place, ...]:
        """Places called ``name`` (full form), else those whose short form it is."""
        found = self.by_name.get(name)
        if found:
            return found
        return self.by_short.get(name, ()) if short else ()

    def current(self, p: Place) -> Place:
        """The place as it is named today: a renamed county's successor (赣县 -> 赣县区)."""
        return self.by_code.get(p.successor, p) if p.successor else p

    def parent(self, p: Place) -> Place | None:
        return self.get(p.parent) if p.parent else None

    def province(self, p: Place) -> Place:
        return self.by_code[p.province_code]

    def prefecture(self, p: Place) -> Place | None:
        """The prefecture-level place above (or equal to) ``p``; a 直辖市 for its districts."""
        if p.level == "province":
            return p if p.code[:2] in MUNICIPALITIES else None
        if p.level == "prefecture":
            return p
        if p.in_municipality:
            return self.province(p)
        if p.direct:
            return None
        return self.parent(p)

    def chain(self, p: Place) -> tuple[Place | None, Place | None, Place | None]:
        """(province, prefecture or 直辖市, county) of ``p``."""
        county = p if p.level == "county" else None
        return self.province(p), self.prefecture(p), county

    def is_ancestor(self, a: Place, p: Place) -> bool:
        """Whether ``a`` contains ``p`` (a 直辖市 contains its districts)."""
        if a.level == "province":
            return p.code[:2] == a.code[:2] and p is not a
        if a.level == "prefecture":
            return p.level == "county" and p.parent == a.code
        return False

    def has_counties(self, p: Place) -> bool:
        return bool(self.children.get(p.code))


def _read_cpca() -> list[tuple[str, str]]:
    text = (resources.files("cpca") / "resources" / "adcodes.csv").read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        code = row["adcode"]
        if code[6:] != "000000":  # townships are not in this table; skip anything finer
            continue
        rows.append((code[:6], row["name"]))
    return rows


def _read_updates() -> list[tuple[str, str, list[tuple[str, str]], int | None]]:
    text = (resources.files("gongkai") / "data" / "divisions_update.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines):
        rep = [tuple(r.split(":", 1)) for r in (row["replaces"] or "").split(";") if r]
        since = (row.get("since") or "").strip()
        out.append((row["adcode"], row["name"], rep, int(since) if since else None))
    return out


def _is_pseudo(code: str, name: str) -> bool:
    """市辖区 / 县 rows of a 直辖市 and 省直辖县级行政区划: codes, not places."""
    return code[4:] == "00" and code[2:4] != "00" and (
        name in ("市辖区", "县", "郊县") or name.endswith("直辖县级行政区划") or code[2:4] == "90")


def _parent_code(code: str, codes: set[str]) -> str | None:
    if code[2:] == "0000":
        return None
    if code[4:] == "00":
        return code[:2] + "0000"
    pref = code[:4] + "00"
    if code[:2] in MUNICIPALITIES or code[2:4] == "90" or pref not in codes:
        return code[:2] + "0000"
    return pref


def _build() -> Gazetteer:
    names: dict[str, str] = {}
    for code, name in _read_cpca():
        if name == "市辖区":
            continue
        names[code] = name
    historical: dict[str, str] = {}
    successor: dict[str, str] = {}
    until: dict[str, int] = {}
    for code, name, replaces, since in _read_updates():
        for old_code, old_name in replaces:
            if names.get(old_code) == old_name:
                del names[old_code]
                if old_name != name:
                    historical[old_code] = old_name
                    if since is not None:
                        until[old_code] = since
                    if old_code[4:] != "00" and code[4:] != "00":
                        successor[old_code] = code
        names[code] = name
    real = {c for c, n in (*names.items(), *historical.items()) if not _is_pseudo(c, n)}
    places = []
    for code, name in list(names.items()) + list(historical.items()):
        if _is_pseudo(code, name):
            continue
        if code[2:] == "0000":
            level, kind = "province", _province_kind(name, code)
        elif code[4:] == "00":
            level, kind = "prefecture", _prefecture_kind(name)
        else:
            level, kind = "county", _county_kind(name)
        old = historical.get(code) == name
        places.append(Place(code, name, kind, level, _parent_code(code, real), old,
                            successor.get(code) if old else None, until.get(code) if old else None))
    return Gazetteer(places)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (built on first use, ~30 ms)."""
    return _build()
