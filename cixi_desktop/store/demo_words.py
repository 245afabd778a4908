"""Words and small text makers for the demo ledger: company names, people, phones,
addresses, project names and contents, service providers, reasons.

Everything takes the caller's ``random.Random`` so the demo stays deterministic;
nothing here touches the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --- people ------------------------------------------------------------------------

# Common in 慈溪 (岑, 劳, 宓 and 柴 are typical of the area), most frequent first.
SURNAMES = (
    "胡陈王徐孙沈岑杨俞张罗黄周施马叶冯邹钱姚翁童龚潘"
    "赵吴朱孔劳蒋严宓柴戚余方应邵魏郑李刘高毛袁韩裘茅董"
)
GIVEN_CHARS = (
    "建国伟军海明华强平立忠杰峰波斌勇刚良林东辉晓春红芳燕丽萍霞"
    "娟敏静磊涛鹏飞超杭浩宇俊佳益丰荣永祥庆德法根贤成彬琴芬英志锋雷"
)


def person_name(rng: random.Random) -> str:
    # Earlier surnames are far more frequent, as in any Chinese county.
    surname = SURNAMES[min(int(rng.expovariate(1 / 9)), len(SURNAMES) - 1)]
    size = 1 if rng.random() < 0.18 else 2
    return surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(size))


# 134 (its 1349 block is satellite) and 154 (never issued) are left out.
_MOBILE_PREFIXES = tuple(
    str(n)
    for n in (
        *range(130, 134),
        *range(135, 140),
        *range(150, 154),
        *range(155, 160),
        *range(180, 190),
    )
)


def phone_number(rng: random.Random) -> str:
    """A mobile 13x/15x/18x, or a 慈溪 landline 0574-63xxxxxx / 0574-58xxxxxx."""
    if rng.random() < 0.7:
        return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
    head = rng.choice(("63", "63", "58"))
    return f"0574-{head}{rng.randrange(10**6):06d}"


# --- registration codes ------------------------------------------------------------------

# GB 11714 organisation code: letters count as A=10 … Z=35; the USCC alphabet leaves
# out I, O, S, V and Z, so generated codes use only the letters both allow.
_ORG_LETTERS = "ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - 55


def org_code(rng: random.Random, *, recent: bool) -> str:
    """Nine characters: an organisation code with its GB 11714 check character.

    Firms registered since the 2015 reform carry ``MA2…`` bodies; older ones digits.
    """
    if recent:
        body = "MA2" + "".join(rng.choice("0123456789" + _ORG_LETTERS) for _ in range(5))
    else:
        body = rng.choice(("14", "25", "70", "71", "72", "73", "74", "75", "76", "79"))
        body += f"{rng.randrange(10**6):06d}"
    remainder = 11 - sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    check = {10: "X", 11: "0"}.get(remainder, str(remainder))
    return body + check


# --- enterprises ------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    name: str
    unit: str
    low: int
    high: int


@dataclass(frozen=True)
class Industry:
    """What a company makes: the word in its name, its GB/T 4754 division, its products."""

    word: str
    division: str
    products: tuple[Product, ...]


def _products(*items: tuple[str, str, int, int]) -> tuple[Product, ...]:
    return tuple(Product(*item) for item in items)


# Products are (name, unit, smallest and largest yearly output in a project name).
# fmt: off
INDUSTRIES: dict[str, tuple[Industry, ...]] = {
    "appliance": (
        Industry("电器", "38", _products(
            ("电暖器", "万台", 20, 300), ("电熨斗", "万台", 30, 500), ("吸尘器", "万台", 20, 400),
            ("电风扇", "万台", 30, 600), ("加湿器", "万台", 20, 300), ("空气净化器", "万台", 10, 200),
            ("除湿机", "万台", 10, 150), ("电水壶", "万台", 30, 500))),
        Industry("家用电器", "38", _products(
            ("智能小家电", "万台", 20, 500), ("破壁料理机", "万台", 10, 200),
            ("电饭煲", "万台", 20, 300), ("厨房小家电", "万台", 30, 400))),
        Industry("电子电器", "38", _products(
            ("智能插座", "万只", 100, 2000), ("开关插座", "万只", 200, 3000),
            ("电源转换器", "万只", 100, 1500))),
        Industry("电机", "38", _products(("家电电机", "万台", 50, 800), ("微特电机", "万台", 50, 1000))),
        Industry("电器科技", "38", _products(
            ("智能马桶盖", "万台", 5, 80), ("净水器", "万台", 10, 120), ("洗碗机", "万台", 5, 60))),
        Industry("电子", "39", _products(
            ("家电控制板", "万块", 100, 2000), ("遥控器", "万只", 200, 3000))),
    ),
    "basic_parts": (
        Industry("轴承", "34", _products(
            ("深沟球轴承", "万套", 300, 5000), ("圆锥滚子轴承", "万套", 100, 1500),
            ("汽车轮毂轴承", "万套", 50, 600), ("微型精密轴承", "万套", 500, 8000))),
        Industry("阀门", "34", _products(("铜阀门", "万只", 100, 1500), ("水暖阀门", "万只", 100, 1200))),
        Industry("紧固件", "34", _products(("高强度紧固件", "吨", 2000, 30000),)),
        Industry("气动元件", "34", _products(
            ("气动电磁阀", "万只", 50, 600), ("标准气缸", "万只", 30, 400))),
        Industry("液压", "34", _products(("液压油缸", "万只", 5, 80), ("液压阀", "万只", 10, 150))),
        Industry("齿轮", "34", _products(("精密齿轮", "万件", 100, 1500),)),
        Industry("弹簧", "34", _products(("精密弹簧", "万只", 1000, 20000),)),
        Industry("五金", "33", _products(("五金配件", "万件", 500, 8000),)),
        Industry("精密铸造", "33", _products(("不锈钢精密铸件", "吨", 500, 6000),)),
        Industry("压铸", "33", _products(("铝合金压铸件", "万件", 100, 2000),)),
    ),
    "auto_parts": (
        Industry("汽车部件", "36", _products(
            ("汽车座椅调角器", "万套", 50, 800), ("汽车天窗导轨", "万套", 20, 300),
            ("汽车门锁", "万套", 50, 600))),
        Industry("汽车零部件", "36", _products(
            ("汽车刹车片", "万套", 100, 1500), ("汽车减震器", "万只", 50, 600),
            ("汽车雨刮器", "万套", 100, 1200))),
        Industry("汽车配件", "36", _products(
            ("汽车线束", "万套", 50, 800), ("汽车安全带", "万套", 50, 600))),
        Industry("汽车电子", "36", _products(
            ("汽车传感器", "万只", 100, 2000), ("汽车微电机", "万台", 50, 800))),
        Industry("汽车饰件", "36", _products(("汽车内饰件", "万套", 20, 400),)),
    ),
    "equipment": (
        Industry("机械", "35", _products(("注塑机", "台", 300, 3000), ("包装机械", "台", 200, 2000))),
        Industry("智能装备", "35", _products(
            ("电脑针织横机", "台", 1000, 10000), ("自动化装配设备", "台", 100, 1000))),
        Industry("模具", "35", _products(("精密注塑模具", "套", 500, 5000),)),
        Industry("数控设备", "34", _products(("数控机床", "台", 200, 2000),)),
        Industry("机器人", "34", _products(("工业机器人", "台", 200, 3000),)),
    ),
    "materials": (
        Industry("新材料", "29", _products(
            ("功能性薄膜", "吨", 2000, 30000), ("改性塑料", "吨", 5000, 50000))),
        Industry("塑业", "29", _products(("塑料制品", "吨", 1000, 20000),)),
        Industry("高分子材料", "29", _products(("工程塑料", "吨", 3000, 30000),)),
        Industry("化工", "26", _products(
            ("水性涂料", "吨", 3000, 50000), ("化工助剂", "吨", 2000, 20000))),
        Industry("涂料", "26", _products(("粉末涂料", "吨", 3000, 30000),)),
    ),
    "health": (
        Industry("药业", "27", _products(("固体制剂", "亿片", 1, 20), ("原料药", "吨", 50, 800))),
        Industry("生物科技", "27", _products(("医用敷料", "万片", 1000, 20000),)),
        Industry("卫生材料", "27", _products(("医用卫生材料", "吨", 500, 6000),)),
        Industry("医疗器械", "35", _products(
            ("一次性医用导管", "万支", 500, 8000), ("康复器械", "万台", 1, 20))),
    ),
    "other": (
        Industry("针织", "17", _products(("针织面料", "吨", 1000, 10000),)),
        Industry("服饰", "18", _products(("针织服装", "万件", 50, 800),)),
        Industry("文具", "24", _products(("学生文具", "万套", 200, 3000),)),
        Industry("鞋业", "19", _products(("休闲鞋", "万双", 20, 300),)),
        Industry("纺织", "17", _products(("化纤面料", "万米", 500, 8000),)),
        Industry("包装", "22", _products(("瓦楞纸箱", "万只", 500, 8000),)),
        Industry("日用品", "41", _products(("塑料日用品", "万件", 200, 3000),)),
    ),
}
# fmt: on


# Share of enterprises per cluster: 慈溪's 家电 first, then 基础件 and 汽配.
CLUSTER_WEIGHTS = {
    "appliance": 33,
    "basic_parts": 22,
    "auto_parts": 15,
    "equipment": 10,
    "materials": 8,
    "health": 4,
    "other": 8,
}

# Trade names (字号) are two characters: one of these, then one of those.
_TRADE_HEAD = "金华宏新恒永东海隆鑫佳宝福嘉瑞德盛天顺凯丰立美博中浩升远亿力杰通荣昌明安兴锦欣奥腾"
_TRADE_TAIL = "达源宇泰威信龙成通发辉星邦特祥茂锐诚利华盛丰鑫力光宏强益顺洲嘉"
_PROVIDER_HEAD = "智创云汇博领联迈拓锐优睿易捷精"
_PROVIDER_TAIL = "控驰科维航思腾讯鼎行数工匠图"


def _two_characters(rng: random.Random, heads: str, tails: str) -> str:
    while True:
        head, tail = rng.choice(heads), rng.choice(tails)
        if head != tail:  # "华华" is no trade name
            return head + tail


def trade_name(rng: random.Random) -> str:
    return _two_characters(rng, _TRADE_HEAD, _TRADE_TAIL)


@dataclass(frozen=True)
class CompanyName:
    name: str
    former: str | None


def company_name(
    rng: random.Random, industry: Industry, *, large: bool, used: set[str]
) -> CompanyName:
    """A unique name such as 慈溪市华达电器有限公司; a few grew from an older name."""
    while True:
        trade = trade_name(rng)
        roll = rng.random()
        if large and roll < 0.3:
            prefix = "浙江"
        elif roll < 0.55:
            prefix = "慈溪市"
        elif roll < 0.9:
            prefix = "宁波"
        else:
            prefix = "慈溪"
        form = "股份有限公司" if prefix == "浙江" and rng.random() < 0.4 else "有限公司"
        name = f"{prefix}{trade}{industry.word}{form}"
        if name not in used:
            used.add(name)
            break
    former = None
    # Firms that grew often registered again under a wider place name.
    if prefix in ("浙江", "宁波") and rng.random() < 0.12:
        former = f"慈溪市{trade}{industry.word}" + ("厂" if rng.random() < 0.5 else "有限公司")
    return CompanyName(name, former)


# fmt: off
_ROADS = (
    "兴业路", "工业路", "开发路", "新兴路", "创业路", "实业路", "环城北路", "环城南路", "东二环路",
    "北三环西路", "科技路", "发展路", "兴园路", "富民路", "永平路", "明州路", "金桥路", "前进路",
    "人民路", "育才路",
)
_VILLAGES = (
    "新华", "联丰", "长胜", "三塘", "五塘", "胜北", "光明", "新建", "东海", "沿海", "前进", "潮塘",
    "海南", "群丰", "立新",
)
_ZONE_ROADS = (
    "滨海二路", "滨海五路", "兴慈一路", "兴慈三路", "新兴产业大道", "高新大道", "创新大道", "智慧大道",
)
# fmt: on


def address(rng: random.Random, town_name: str, is_zone: bool) -> str:
    number = rng.randint(1, 999)
    if is_zone:
        return f"慈溪{town_name}{rng.choice(_ZONE_ROADS)}{number}号"
    if rng.random() < 0.3:
        return f"慈溪市{town_name}{rng.choice(_VILLAGES)}村{rng.randint(1, 28)}组{number}号"
    return f"慈溪市{town_name}{rng.choice(_ROADS)}{number}号"


# Towns known for one cluster; a share of their enterprises comes from it.
TOWN_FAVOURITES = {
    "330282121": "appliance",  # 周巷
    "330282107": "appliance",  # 观海卫
    "330282108": "appliance",  # 附海
    "330282104": "appliance",  # 掌起
    "330282112": "appliance",  # 新浦
    "330282109": "appliance",  # 桥头
    "330282111": "basic_parts",  # 逍林
    "330282114": "basic_parts",  # 横河
    "330282113": "basic_parts",  # 胜山
    "330282110": "basic_parts",  # 匡堰
    "330282120": "auto_parts",  # 长河
    "330282002": "auto_parts",  # 宗汉
    "330282123": "auto_parts",  # 龙山
    "330282003": "other",  # 坎墩
    "330282116": "materials",  # 崇寿
    "330282118": "materials",  # 庵东
    "330282402": "equipment",  # 滨海经济开发区
    "330282403": "equipment",  # 高新技术产业园区
    "330282404": "health",  # 环杭州湾创新中心
}

# Relative size of the towns (enterprises, plans); the three zones only lightly.
TOWN_WEIGHTS = {
    "330282002": 6,
    "330282003": 6,
    "330282004": 3,
    "330282005": 3,
    "330282006": 4,
    "330282104": 4,
    "330282107": 8,
    "330282108": 4,
    "330282109": 5,
    "330282110": 3,
    "330282111": 5,
    "330282112": 5,
    "330282113": 5,
    "330282114": 5,
    "330282116": 3,
    "330282118": 4,
    "330282120": 5,
    "330282121": 9,
    "330282123": 4,
    "330282402": 2,
    "330282403": 1.5,
    "330282404": 0.5,
}

# --- projects ------------------------------------------------------------------------------

# Production steps per cluster, for "装配工序机器换人" and the like.
_PROCESSES = {
    "appliance": ("注塑", "装配", "喷涂", "包装", "检测", "冲压"),
    "basic_parts": ("机加工", "磨削", "装配", "热处理", "检测", "包装"),
    "auto_parts": ("冲压", "焊接", "注塑", "装配", "检测"),
    "equipment": ("焊接", "机加工", "装配", "喷涂"),
    "materials": ("配料", "挤出", "分切", "包装"),
    "health": ("配料", "灌装", "包装", "检测"),
    "other": ("裁剪", "缝制", "整烫", "包装"),
}


@dataclass(frozen=True)
class CategoryWords:
    endings: tuple[str, ...]  # of the project name
    machines: tuple[str, ...]  # bought by the 台
    systems: tuple[tuple[str, str], ...]  # lines and systems, with their unit
    results: tuple[str, ...]


_CATEGORY_WORDS: dict[str, CategoryWords] = {
    "robot": CategoryWords(
        ("生产线机器换人项目", "{process}工序机器换人改造项目"),
        ("工业机器人", "桁架机械手", "自动上下料机械手", "焊接机器人", "码垛机器人"),
        (),
        ("实现{process}工序无人化操作", "替代高强度、高危险岗位人工"),
    ),
    "automation": CategoryWords(
        ("自动化成套装备改造项目", "生产线自动化成套装备改造"),
        ("伺服压力机", "数控冲床", "全自动注塑机", "自动检测设备"),
        (("全自动装配线", "条"),),
        ("实现从上料到检测的全流程自动化", "关键工序自动化率达到 90% 以上"),
    ),
    "line": CategoryWords(
        ("生产线智能化改造", "智能化生产线技术改造项目"),
        ("数控加工中心", "激光切割机", "AGV小车", "在线检测设备"),
        (("柔性生产线", "条"),),
        ("建成智能化生产线", "实现生产过程自动控制和在线检测"),
    ),
    "digital_workshop": CategoryWords(
        ("数字化车间建设项目", "数字化车间改造项目"),
        ("数控加工中心", "工业机器人", "智能检测设备", "设备数据采集终端", "AGV小车"),
        (("MES系统", "套"),),
        ("实现生产计划、设备、质量数据实时管控", "建成市级数字化车间"),
    ),
    "smart_factory": CategoryWords(
        ("智能工厂建设项目", "智能工厂项目"),
        ("工业机器人", "数控加工中心", "AGV小车", "智能检测设备"),
        (("智能立体仓库", "座"), ("柔性装配线", "条"), ("智能物流输送系统", "套")),
        ("集成 ERP、MES、WMS 系统，建成智能工厂", "实现设计、生产、物流全流程数字化"),
    ),
    "cloud": CategoryWords(
        ("生产管理系统（MES）上云项目", "生产设备联网及工业互联网平台应用项目"),
        ("设备联网数据采集终端", "工业网关", "服务器"),
        (("生产看板系统", "套"), ("云MES系统", "套")),
        ("核心业务系统上云", "实现设备联网率 80% 以上和生产数据实时采集"),
    ),
    "other": CategoryWords(
        ("仓储物流智能化改造项目", "检测环节机器视觉改造项目"),
        ("机器视觉检测设备", "自动分拣设备", "智能仓储货架"),
        (("自动包装线", "条"),),
        ("提升仓储物流和质量检测效率", "实现产品质量全程追溯"),
    ),
}

# Categories with a 年产 figure in their name ("年产50万台…").
_YEARLY_OUTPUT = frozenset({"automation", "line", "digital_workshop", "smart_factory"})


def project_name(
    rng: random.Random, cluster: str, industry: Industry, category: str
) -> tuple[str, Product]:
    """``年产50万台电熨斗生产线智能化改造`` and the like, with the product it is about."""
    product = rng.choice(industry.products)
    ending = rng.choice(_CATEGORY_WORDS[category].endings)
    if "{process}" in ending:
        return product.name + ending.format(process=rng.choice(_PROCESSES[cluster])), product
    if category in _YEARLY_OUTPUT:
        amount = _round_output(rng.randint(product.low, product.high))
        return f"年产{amount}{product.unit}{product.name}{ending}", product
    return product.name + ending, product


def _round_output(value: int) -> int:
    for step in (1000, 100, 10):
        if value >= step * 10:
            return value // step * step
    return value


def project_content(
    rng: random.Random, cluster: str, category: str, product: Product, machines: int
) -> str:
    """``购置工业机器人8台、码垛机器人4台，…`` sized by the number of machines."""
    kind = _CATEGORY_WORDS[category]
    first, second = rng.sample(kind.machines, 2)
    n1 = max(1, machines * 3 // 5)
    n2 = max(1, machines - n1)
    bought = f"购置{first}{n1}台、{second}{n2}台"
    if kind.systems:
        system, unit = rng.choice(kind.systems)
        count = 1 if unit != "条" else min(4, 1 + machines // 30)
        bought += f"，配置{system}{count}{unit}"
    result = rng.choice(kind.results).format(process=rng.choice(_PROCESSES[cluster]))
    return f"{bought}，对{product.name}生产环节进行改造，{result}。"


# --- service providers ------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderKind:
    endings: tuple[str, ...]
    specialty: str
    roles: tuple[str, ...]
    count: int


PROVIDER_KINDS = (
    ProviderKind(
        ("智能科技有限公司",), "工业机器人系统集成、自动化生产线设计与实施", ("总包", "设备供应"), 9
    ),
    ProviderKind(
        ("自动化工程有限公司", "自动化设备有限公司"),
        "非标自动化设备、产线自动化改造",
        ("设备供应", "总包"),
        8,
    ),
    ProviderKind(
        ("机器人有限公司", "机器人科技有限公司"),
        "工业机器人应用、机器换人整体方案",
        ("设备供应", "总包"),
        5,
    ),
    ProviderKind(("信息技术有限公司", "软件有限公司"), "MES、ERP 实施与系统集成", ("软件实施",), 6),
    ProviderKind(
        ("工业互联网科技有限公司", "数字科技有限公司"),
        "设备联网、数据采集与企业上云",
        ("软件实施",),
        4,
    ),
    ProviderKind(
        ("智能制造工程有限公司",),
        "智能工厂、数字化车间总体规划与工程总包",
        ("总包", "咨询诊断"),
        4,
    ),
    ProviderKind(("企业管理咨询有限公司",), "智能制造诊断、两化融合咨询", ("咨询诊断",), 3),
    ProviderKind(
        ("智能装备有限公司", "物流装备有限公司"),
        "智能仓储物流、AGV 与立体仓库",
        ("设备供应",),
        2,
    ),
    ProviderKind(("视觉科技有限公司",), "机器视觉检测与质量追溯", ("设备供应", "软件实施"), 1),
)


def provider_name(rng: random.Random, kind: ProviderKind, used: set[str]) -> str:
    while True:
        roll = rng.random()
        prefix = (
            "宁波" if roll < 0.45 else "慈溪" if roll < 0.8 else "慈溪市" if roll < 0.9 else "浙江"
        )
        trade = _two_characters(rng, _PROVIDER_HEAD, _PROVIDER_TAIL)
        name = f"{prefix}{trade}{rng.choice(kind.endings)}"
        if name not in used:
            used.add(name)
            return name


# --- words for workflow moves ----------------------------------------------------------------

TERMINATION_REASONS = (
    "企业经营调整，申请撤项",
    "厂房搬迁，项目不再实施",
    "资金未落实，企业申请撤项",
    "项目内容调整较大，撤项后重新申报",
    "企业被兼并重组，原项目终止",
)
REJECTION_REASONS = (
    "设备发票与合同不符，核定设备投资不足申报额的 70%",
    "部分设备尚未到位，未达到验收条件",
    "智能化改造内容未达到申报要求",
    "财务凭证不全，无法核实投资额",
)
RECTIFY_REASONS = (
    "企业已提交整改方案，限期三个月内完成整改",
    "按验收意见补齐设备和凭证，申请复验",
)
ACCEPTANCE_RESULTS = ("验收合格", "验收合格，同意补助", "复验合格")
FIRST_PAYMENT, REST_PAYMENT, WHOLE_PAYMENT = "首期拨付", "余款拨付", "一次性拨付"
