"""Pools of names, companies, phones and addresses: determinism, variety and a consistent map."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from generator import pools

PROVINCES = {
    "north": "北京市 天津市 河北省 山西省 内蒙古自治区",
    "northeast": "辽宁省 吉林省 黑龙江省",
    "east": "上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省",
    "central": "河南省 湖北省 湖南省",
    "south": "广东省 广西壮族自治区 海南省",
    "southwest": "重庆市 四川省 贵州省 云南省 西藏自治区",
    "northwest": "陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区",
}
REGION_OF = {p: region for region, names in PROVINCES.items() for p in names.split()}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
COMPANY_SECTORS = ["retail", "pharma", "manufacturing", "finance", "hotel", "general"]
PHONE = re.compile(r"1\d{2}\*{4}\d{4}")


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    with (resources.files("generator") / "data" / "regions.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


@pytest.fixture(scope="module")
def words() -> dict[str, list[str]]:
    with (resources.files("generator") / "data" / "company_words.csv").open(encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str)
    return {str(k): list(g["word"]) for k, g in table.groupby("kind")}


DRAWS = {
    "person_names": lambda g: pools.person_names(g, 200),
    "person_names_en": lambda g: pools.person_names(g, 200, locale="en_US"),
    "company_names": lambda g: pools.company_names(g, 200, "pharma"),
    "hospitals": lambda g: pools.company_names(g, 200, "hospital"),
    "pharmacies": lambda g: pools.company_names(g, 200, "pharmacy"),
    "companies_en": lambda g: pools.company_names(g, 200, "retail", locale="en_US"),
    "phones": lambda g: pools.masked_phones(g, 200),
    "addresses": lambda g: pools.addresses(g, 200).to_numpy(),
}


@pytest.mark.parametrize("draw", DRAWS.values(), ids=DRAWS.keys())
def test_same_seed_same_output_other_seed_other_output(draw) -> None:
    first, again, other = draw(rng(7)), draw(rng(7)), draw(rng(8))
    assert len(first) == 200
    assert (first == again).all()
    assert not (first == other).all()


def test_name_pool_is_large_and_draws_are_varied() -> None:
    assert pools.name_pool_size() >= 20_000
    assert pools.name_pool_size("en_US") >= 20_000
    names = pools.person_names(rng(), 50_000)
    assert len(set(names)) >= 10_000
    assert all(2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", name) for name in names)
    surname_share = pd.Series([name[0] for name in names]).value_counts(normalize=True)
    assert surname_share.index[0] in {"王", "李", "张"}  # drawn by real frequency
    english = pools.person_names(rng(), 1_000, locale="en_US")
    assert all(re.fullmatch(r"[A-Za-z'\-]+ [A-Za-z'\-]+", name) for name in english)


def test_given_names_follow_the_gender() -> None:
    female = pools.person_names(rng(), 2_000, genders=["female"] * 2_000)
    male = pools.person_names(rng(), 2_000, genders=np.array(["male"] * 2_000))
    assert not any(name.endswith(("伟", "强", "军", "建国")) for name in female)
    assert not any(name.endswith(("芳", "娜", "婷", "秀英")) for name in male)
    mixed = pools.person_names(rng(), 4_000)
    assert any(n.endswith("芳") for n in mixed) and any(n.endswith("伟") for n in mixed)
    with pytest.raises(ValueError, match="genders"):
        pools.person_names(rng(), 2, genders=["female", "unknown"])
    with pytest.raises(ValueError, match="genders"):
        pools.person_names(rng(), 3, genders=["female"])


@pytest.mark.parametrize("sector", COMPANY_SECTORS)
def test_company_names_are_varied_and_end_with_a_legal_form(sector, regions, words) -> None:
    names = pools.company_names(rng(), 5_000, sector)
    assert len(set(names)) >= 4_000
    assert all(name.endswith(tuple(words["suffix"])) for name in names)
    cities = regions["city"].str.removesuffix("市").unique()
    parts = [cities, words["root"], words[f"industry_{sector}"], words["suffix"]]
    pattern = re.compile("".join(f"(?:{'|'.join(map(re.escape, p))})" for p in parts))
    assert all(pattern.fullmatch(name) for name in names)


def test_company_names_use_the_given_cities(regions, words) -> None:
    cities = regions["city"].drop_duplicates().to_numpy()
    names = pools.company_names(rng(), len(cities), "retail", cities=cities)
    assert all(n.startswith(c.removesuffix("市")) for n, c in zip(names, cities, strict=True))
    with pytest.raises(ValueError, match="city names"):
        pools.company_names(rng(), 1, "retail", cities=["不存在市"])
    with pytest.raises(ValueError, match="city names"):
        pools.company_names(rng(), 2, "retail", cities=["杭州市"])
    with pytest.raises(ValueError, match="sector"):
        pools.company_names(rng(), 2, "bakery")


def test_hospitals_and_pharmacies_are_named_after_their_places(regions, words) -> None:
    city = np.repeat(["杭州市", "成都市"], 500)
    districts = {c: set(g["district"]) for c, g in regions.groupby("city")}
    hospitals = pools.company_names(rng(), 1_000, "hospital", cities=city)
    suffixes = tuple(words["hospital_suffix"] + words["county_hospital_suffix"])
    assert all(h.endswith(suffixes) for h in hospitals)
    for name, c in zip(hospitals, city, strict=True):
        assert name.startswith(c) or any(name.startswith(d) for d in districts[c]), name
    assert len(set(hospitals)) >= 30
    shop = re.compile(r"(.+)大药房（(.+)店）")
    pharmacies = pools.company_names(rng(), 1_000, "pharmacy", cities=city)
    for name, c in zip(pharmacies, city, strict=True):
        match = shop.fullmatch(name)
        assert match is not None, name
        brand, district = match.groups()
        assert brand in words["pharmacy_brand"] and district in districts[c]


def test_masked_phones_have_real_prefixes() -> None:
    phones = pools.masked_phones(rng(), 10_000)
    assert all(PHONE.fullmatch(p) for p in phones)
    assert {p[:2] for p in phones} == {"13", "15", "17", "18", "19"}
    assert len(set(phones)) > 5_000


def test_regions_table_is_a_consistent_map_of_china(regions) -> None:
    assert list(regions.columns) == [
        "region", "province", "city", "district", "province_en", "city_en", "district_en", "weight"
    ]  # fmt: skip
    assert regions.groupby("province")["region"].nunique().eq(1).all()
    assert dict(regions.drop_duplicates("province")[["province", "region"]].values) == REGION_OF
    assert set(regions["region"]) == set(PROVINCES)
    assert not regions.duplicated(["province", "city", "district"]).any()
    assert regions.groupby("city")["province"].nunique().eq(1).all()  # a city names its province
    cities = regions.groupby("province")["city"].nunique()
    assert (cities[list(MUNICIPALITIES)] == 1).all()
    assert all(regions.loc[regions["province"].isin(MUNICIPALITIES), "city"].isin(MUNICIPALITIES))
    assert cities.drop(list(MUNICIPALITIES)).between(2, 6).all()
    assert regions.groupby("city")["district"].nunique().between(2, 5).all()
    assert regions["city"].nunique() >= 120 and len(regions) >= 400
    assert np.isfinite(regions["weight"]).all() and (regions["weight"] > 0).all()
    assert regions["city"].str.endswith("市").all()
    assert regions["district"].str.fullmatch(r"[\u4e00-\u9fff]+[区县市旗]").all()
    assert pools.load_regions().equals(regions)


def test_regions_have_one_english_name_each(regions) -> None:
    for col in ("province", "city", "district"):
        english = regions[f"{col}_en"]
        assert english.str.fullmatch(r"[A-Z][A-Za-zü' ]+").all(), col
        assert regions.groupby(col)[f"{col}_en"].nunique().eq(1).all(), col
    # Cities are named as in English atlases; two of them share a name (Yulin).
    assert regions.drop_duplicates("city")["city_en"].duplicated().sum() == 1
    assert not regions.duplicated(["province_en", "city_en", "district_en"]).any()
    kinds = {"区": " District", "县": " County", "市": " City", "旗": " Banner"}
    for zh, en in zip(regions["district"], regions["district_en"], strict=True):
        assert en.endswith(" New Area" if zh.endswith("新区") else kinds[zh[-1]]), (zh, en)
    row = regions.loc[regions["district"] == "柯桥区"].iloc[0]
    assert (row["province_en"], row["city_en"], row["district_en"]) == (
        "Zhejiang", "Shaoxing", "Keqiao District"
    )  # fmt: skip


def test_place_names_follow_the_locale() -> None:
    drawn = pools.addresses(rng(), 500)
    assert pools.place_names(drawn, "zh_CN") is drawn
    english = pools.place_names(drawn, "en_US")
    assert english["region"].equals(drawn["region"])
    for col in ("province", "city", "district"):
        assert english[col].notna().all()
        assert not english[col].str.contains(r"[\u4e00-\u9fff]").any()
        pairs = drawn[col] + "|" + english[col]
        assert pairs.nunique() == drawn[col].nunique()


def test_addresses_are_rows_of_the_table_and_respect_the_region(regions) -> None:
    drawn = pools.addresses(rng(), 20_000)
    assert list(drawn.columns) == ["region", "province", "city", "district"]
    known = set(map(tuple, regions[list(drawn.columns)].to_numpy()))
    assert set(map(tuple, drawn.to_numpy())) <= known
    assert set(drawn["region"]) == set(PROVINCES)
    top = drawn["city"].value_counts().index[:5]
    assert {"上海市", "北京市", "深圳市"} & set(top)  # drawn by commercial weight
    west = pools.addresses(rng(), 2_000, region="northwest")
    assert set(west["region"]) == {"northwest"}
    assert set(west["province"]) <= set(PROVINCES["northwest"].split())
    with pytest.raises(ValueError, match="region"):
        pools.addresses(rng(), 1, region="mars")


def test_shipped_faker_words_equal_the_pinned_faker_lists():
    from faker.providers.company import en_US as company_en
    from faker.providers.person import zh_CN as person_zh

    from generator import faker_words

    assert faker_words.shipped() == faker_words.build(), (
        "generator/data/faker_words.csv differs from the installed Faker: "
        "run `python -m generator.faker_words`"
    )
    surnames, weights = faker_words.words("zh_CN", "last_name")
    assert surnames == list(person_zh.Provider.last_names)
    assert weights == [float(w) for w in person_zh.Provider.last_names.values()]
    assert faker_words.words("zh_CN", "first_name_male") == (
        list(person_zh.Provider.first_names_male), None)  # fmt: skip
    assert faker_words.words("en_US", "company_suffix")[0] == list(
        company_en.Provider.company_suffixes
    )


def test_names_are_drawn_without_importing_faker():
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from generator import pools\n"
        "pools.person_names(np.random.default_rng(0), 5)\n"
        "pools.company_names(np.random.default_rng(0), 5, 'retail', locale='en_US')\n"
        "print('faker' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
