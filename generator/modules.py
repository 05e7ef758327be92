"""The eight course modules (DOMAIN §5): the catalogue and the course group indicators by them."""

from __future__ import annotations

#: module number → (中文 title, English title)
MODULES: dict[int, tuple[str, str]] = {
    1: ("销售与流量指标", "Sales and traffic indicators"),
    2: ("客户指标", "Customer indicators"),
    3: ("库存与利润指标", "Inventory and profit"),
    4: ("销售支持与客户服务", "Sales support and service"),
    5: ("招商及客户管理", "Merchant recruitment and account management"),
    6: ("配合度指数", "Cooperation index"),
    7: ("大促角色与复盘", "Promotion roles and review"),
    8: ("综合诊断", "Capstone diagnosis"),
}
