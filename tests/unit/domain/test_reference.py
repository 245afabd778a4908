from __future__ import annotations

import re
from datetime import date

import pytest

from cixi_desktop.domain.reference import (
    Town,
    find_category,
    find_cluster,
    find_town,
    load_categories,
    load_clusters,
    load_divisions,
    load_statuses,
    load_towns,
)
from cixi_desktop.domain.workflow import Status

# From DESIGN.md; the file must agree with it code for code.
EXPECTED_TOWNS = {
    "330282002": "宗汉街道",
    "330282003": "坎墩街道",
    "330282004": "浒山街道",
    "330282005": "白沙路街道",
    "330282006": "古塘街道",
    "330282104": "掌起镇",
    "330282107": "观海卫镇",
    "330282108": "附海镇",
    "330282109": "桥头镇",
    "330282110": "匡堰镇",
    "330282111": "逍林镇",
    "330282112": "新浦镇",
    "330282113": "胜山镇",
    "330282114": "横河镇",
    "330282116": "崇寿镇",
    "330282118": "庵东镇",
    "330282120": "长河镇",
    "330282121": "周巷镇",
    "330282123": "龙山镇",
}
EXPECTED_ZONES = {
    "330282402": "滨海经济开发区",
    "330282403": "高新技术产业园区",
    "330282404": "环杭州湾创新中心",
}


def test_towns_are_the_nineteen_plus_three_zones() -> None:
    towns = load_towns()
    assert {t.code: t.name for t in towns if not t.is_zone} == EXPECTED_TOWNS
    assert {t.code: t.name for t in towns if t.is_zone} == EXPECTED_ZONES
    assert len(towns) == 22


def test_town_codes_unique_nine_digits_in_cixi() -> None:
    codes = [t.code for t in load_towns()]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"330282\d{3}", c) for c in codes)


def test_town_kinds_match_names_and_sort_is_unique() -> None:
    towns = load_towns()
    for town in towns:
        if town.kind == "街道":
            assert town.name.endswith("街道")
        elif town.kind == "镇":
            assert town.name.endswith("镇")
        else:
            assert town.kind == "开发区"
    assert [t.sort for t in towns] == sorted({t.sort for t in towns})


def test_towns_open_ended_from_2017() -> None:
    for town in load_towns():
        assert town.valid_from == date(2017, 1, 1)
        assert town.valid_to is None
        assert town.valid_on(date(2018, 6, 30))
        assert not town.valid_on(date(2016, 12, 31))


def test_valid_to_is_the_last_valid_day() -> None:
    town = Town("330282999", "试验镇", "镇", date(2017, 1, 1), date(2019, 12, 31), 99)
    assert town.valid_on(date(2019, 12, 31))
    assert not town.valid_on(date(2020, 1, 1))
    assert not town.is_zone
    assert town.short_name == "试验"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周巷镇", "周巷镇"),
        ("周巷", "周巷镇"),
        (" 周巷　镇 ", "周巷镇"),
        ("330282121", "周巷镇"),
        ("３３０２８２１２１", "周巷镇"),
        ("330282121000", "周巷镇"),
        ("慈溪市周巷镇", "周巷镇"),
        ("浙江省宁波市慈溪市宗汉街道", "宗汉街道"),
        ("宗汉", "宗汉街道"),
        ("白沙路", "白沙路街道"),
        ("浒山镇", "浒山街道"),  # suffix mixed up in old sheets
        ("滨海经济开发区", "滨海经济开发区"),
        ("高新区", "高新技术产业园区"),
        ("330282404", "环杭州湾创新中心"),
    ],
)
def test_find_town_forgives_messy_input(text: str, expected: str) -> None:
    town = find_town(text)
    assert town is not None
    assert town.name == expected


@pytest.mark.parametrize("text", ["", None, "   ", "上海", "330282999", "镇", "街道"])
def test_find_town_unknown_is_none(text: str | None) -> None:
    assert find_town(text) is None


def test_find_town_honours_validity_date() -> None:
    assert find_town("周巷", on=date(2018, 1, 1)) is not None
    assert find_town("周巷", on=date(2016, 1, 1)) is None


def test_every_town_found_by_its_own_name_code_and_short_name() -> None:
    for town in load_towns():
        assert find_town(town.name) == town
        assert find_town(town.code) == town
        assert find_town(town.short_name) == town


def test_clusters_match_design() -> None:
    names = [c.name for c in load_clusters()]
    assert names == [
        "智能家电",
        "关键基础件",
        "汽车及零部件",
        "智能装备/高端装备",
        "新材料",
        "生命健康",
        "其他",
    ]
    codes = [c.code for c in load_clusters()]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[a-z_]+", c) for c in codes)


def test_categories_match_design() -> None:
    names = [c.name for c in load_categories()]
    assert names == [
        "机器换人",
        "自动化成套装备改造",
        "生产线改造",
        "数字化车间",
        "智能工厂",
        "工业互联网/上云",
        "其他",
    ]
    codes = [c.code for c in load_categories()]
    assert len(set(codes)) == len(codes)


def test_divisions_are_manufacturing_13_to_43() -> None:
    divisions = load_divisions()
    assert [d.code for d in divisions] == [str(n) for n in range(13, 44)]
    assert len(divisions) == 31
    names = {d.code: d.name for d in divisions}
    assert names["13"] == "农副食品加工业"
    assert names["34"] == "通用设备制造业"
    assert names["38"] == "电气机械和器材制造业"
    assert names["43"] == "金属制品、机械和设备修理业"
    assert len(set(names.values())) == 31


def _contrast_on_white(color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_every_status_has_a_readable_colour() -> None:
    statuses = load_statuses()
    assert [s.name for s in statuses] == [str(s) for s in Status]
    for info in statuses:
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", info.color)
        # WCAG AA for normal text: the colour is also used for the status label itself.
        assert _contrast_on_white(info.color) >= 4.5, info
    assert len({s.color for s in statuses}) == len(statuses)
    assert len({s.code for s in statuses}) == len(statuses)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("智能装备", "智能装备/高端装备"),
        ("高端装备", "智能装备/高端装备"),
        ("智能装备、高端装备", "智能装备/高端装备"),
        ("智能装备／高端装备", "智能装备/高端装备"),
        ("equipment", "智能装备/高端装备"),
        ("EQUIPMENT", "智能装备/高端装备"),
        ("汽车零部件", "汽车及零部件"),
        ("智能家电产业", "智能家电"),
        (" 新材料 ", "新材料"),
        ("其它", "其他"),
    ],
)
def test_find_cluster(text: str, expected: str) -> None:
    cluster = find_cluster(text)
    assert cluster is not None
    assert cluster.name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("工业互联网", "工业互联网/上云"),
        ("上云", "工业互联网/上云"),
        ("工业互联网 / 上云", "工业互联网/上云"),
        ("digital_workshop", "数字化车间"),
        ("数字化车间改造", "数字化车间"),
        ("生产线", "生产线改造"),
        ("自动化成套装备", "自动化成套装备改造"),
        ("机器换人", "机器换人"),
    ],
)
def test_find_category(text: str, expected: str) -> None:
    category = find_category(text)
    assert category is not None
    assert category.name == expected


@pytest.mark.parametrize("text", ["", None, "化工", "智能"])
def test_unknown_cluster_and_category_are_none(text: str | None) -> None:
    assert find_cluster(text) is None
    assert find_category(text) is None


def test_every_cluster_and_category_found_by_name_and_code() -> None:
    for cluster in load_clusters():
        assert find_cluster(cluster.name) == cluster
        assert find_cluster(cluster.code) == cluster
    for category in load_categories():
        assert find_category(category.name) == category
        assert find_category(category.code) == category
