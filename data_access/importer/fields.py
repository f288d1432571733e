"""The canonical fields a file's columns are mapped to, and the header names
that suggest each one (English and Chinese exports seen in the wild).

Headers are compared after `normalise_header`, so "Units Sold", "units_sold"
and "UNITS-SOLD" are one name, and a unit in brackets ("Price (€)",
"金额（元）") is ignored. An explicit mapping always wins over a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "date", "integer", "money", "discount"]

INT32_MAX = 2_147_483_647
MONEY_MAX = 999_999_999_999.99  # Numeric(14, 2)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind
    synonyms: tuple[str, ...]
    max_length: int | None = None  # text: the column's width in the schema
    non_negative: bool = False  # numbers: a negative value is rejected
    positive: bool = False  # numbers: 0 and negative values are rejected


def _field(name: str, label: str, kind: Kind, synonyms: str, **extra) -> Field:
    return Field(name, label, kind, tuple(synonyms.split()), **extra)


# Synonyms are written already normalised; the first matching field wins.
FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        _field(
            "date",
            "Date",
            "date",
            "date day orderdate invoicedate salesdate saledate transactiondate snapshotdate stockdate "
            "businessdate 日期 订单日期 销售日期 下单日期 业务日期 单据日期 库存日期",
        ),
        _field(
            "order_id",
            "Order ID",
            "text",
            "orderid order orderno ordernumber invoice invoiceno invoicenumber invoiceid receiptno "
            "transactionid 订单号 订单编号 单号 订单id 发票号",
            max_length=64,
        ),
        _field(
            "sku",
            "SKU",
            "text",
            "sku skucode itemcode productid productcode item itemno itemnumber itemid article articleno "
            "articlenumber partnumber 商品编码 商品代码 货号 产品编码 物料编码 商品id sku编码 编码",
            max_length=64,
        ),
        _field(
            "product_name",
            "Product name",
            "text",
            "productname itemname product description itemdescription name title 商品名称 产品名称 品名 名称 商品",
            max_length=300,
        ),
        _field(
            "category",
            "Category",
            "text",
            "category productcategory categoryname group productgroup department 类别 分类 品类 类目 商品类别",
            max_length=100,
        ),
        _field(
            "warehouse",
            "Warehouse / store",
            "text",
            "warehouse warehousecode warehouseid store storeid storecode storeno location locationid "
            "locationcode site shop branch 仓库 门店 店铺 仓库编码 门店编码 网点",
            max_length=32,
        ),
        _field(
            "warehouse_name",
            "Warehouse name",
            "text",
            "warehousename storename locationname sitename 仓库名称 门店名称",
            max_length=200,
        ),
        _field("region", "Region", "text", "region area country 区域 地区 大区", max_length=100),
        _field("capacity_units", "Capacity (units)", "integer", "capacity capacityunits 容量", non_negative=True),
        _field(
            "quantity",
            "Quantity",
            "integer",
            "qty quantity unitssold units sold qtysold quantitysold salesqty salesquantity pcs qtyordered "
            "orderqty orderedqty 数量 销量 销售数量 件数 采购数量",
        ),
        _field(
            "unit_price",
            "Unit price",
            "money",
            "price unitprice sellingprice saleprice salesprice listprice retailprice 单价 售价 价格 销售单价",
            non_negative=True,
        ),
        _field(
            "revenue",
            "Revenue",
            "money",
            "sales revenue amount netsales netrevenue total linetotal salesamount totalamount turnover "
            "金额 销售额 销售金额 实收金额 总额 营业额",
        ),
        _field(
            "discount", "Discount", "discount", "discount discountrate discountpct discountpercent disc 折扣 折扣率"
        ),
        _field(
            "unit_cost",
            "Unit cost",
            "money",
            "cost unitcost costprice purchaseprice 成本 成本价 进价 单位成本",
            non_negative=True,
        ),
        _field(
            "on_hand",
            "Stock on hand",
            "integer",
            "stock onhand inventory stocklevel stockonhand qtyonhand inventorylevel closingstock available "
            "soh 库存 库存数量 现有库存 在库数量 结存",
            non_negative=True,
        ),
        _field(
            "supplier", "Supplier", "text", "supplier vendor suppliername vendorname 供应商 供货商 厂商", max_length=200
        ),
        _field(
            "lead_time_days",
            "Lead time (days)",
            "integer",
            "leadtime leadtimedays 交货期 交期 采购周期 提前期",
            non_negative=True,
        ),
        _field(
            "pack_size",
            "Pack size",
            "integer",
            "packsize casepack casepacksize casesize caseqty casequantity unitspercase unitsperpack packqty "
            "packquantity cartonqty unitspercarton 箱规 每箱数量 装箱数 装箱量",
            positive=True,
        ),
        _field(
            "min_order_qty",
            "Minimum order quantity",
            "integer",
            "moq minorderqty minorderquantity minimumorderqty minimumorderquantity minimumorder minqty "
            "最小起订量 起订量 最低起订量 最小订购量 最小订货量",
            positive=True,
        ),
        _field(
            "ordered_on", "Ordered on", "date", "orderedon podate purchasedate purchaseorderdate dateordered 采购日期"
        ),
        _field(
            "expected_on",
            "Expected on",
            "date",
            "expectedon expected expecteddate eta expecteddelivery 预计到货日期 预计到货",
        ),
        _field(
            "received_on",
            "Received on",
            "date",
            "receivedon received receiveddate datereceived goodsreceiptdate 收货日期 入库日期 实际到货日期",
        ),
    )
}

DATE_FIELDS = tuple(name for name, f in FIELDS.items() if f.kind == "date")
NUMBER_FIELDS = tuple(name for name, f in FIELDS.items() if f.kind in ("integer", "money", "discount"))
TEXT_FIELDS = tuple(name for name, f in FIELDS.items() if f.kind == "text")
PURCHASE_ORDER_DATES = ("ordered_on", "expected_on", "received_on")
_SALES_ONLY = ("order_id", "unit_price", "revenue", "discount", "on_hand")

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_header(header: str) -> str:
    """Case, width, spacing, punctuation and a bracketed unit do not matter."""
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    return _NOT_WORD.sub("", _BRACKETED.sub("", text))


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Field -> header for every header recognised; each header used once.

    When several headers fit one field, the one matching the earlier synonym
    wins: with both "Date" and "Order Date", the plain "Date" is the date.
    """
    normalised = {header: normalise_header(header) for header in headers}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for name, field in FIELDS.items():
        for synonym in field.synonyms:
            match = next((h for h, n in normalised.items() if n == synonym and h not in used), None)
            if match is not None:
                mapping[name] = match
                used.add(match)
                break
    return _fit_to_shape(mapping)


def _fit_to_shape(mapping: dict[str, str]) -> dict[str, str]:
    """Move generic headers to the field the file's other columns call for.

    A warehouses file's "Name" is the warehouse's name; a purchase-order file's
    plain "Date" (next to "Expected" or "Received", and without prices or
    stock) is the day it was ordered.
    """
    fitted = dict(mapping)
    if "sku" not in fitted and "warehouse" in fitted and "product_name" in fitted and "warehouse_name" not in fitted:
        fitted["warehouse_name"] = fitted.pop("product_name")
    looks_like_orders = any(f in fitted for f in PURCHASE_ORDER_DATES) and not any(f in fitted for f in _SALES_ONLY)
    if looks_like_orders and "ordered_on" not in fitted and "date" in fitted:
        fitted["ordered_on"] = fitted.pop("date")
    return fitted
