"""The fixed ingredients of a sample shop: categories, suppliers, warehouses,
its currency and retail calendar, and the European shop's own.

Each category has its own economics (price band, cost ratio, how often items
come back) and its own calendar (a monthly profile plus how strongly it reacts
to each peak event), so the dashboard's category comparisons show real
differences instead of noise. Everything random is drawn elsewhere from the
seed; this module is only the shops' "master data". The Chinese shop's is in
`catalog_zh`; `shops` lists them by locale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from analytics.events import (
    BLACK_FRIDAY,
    CHRISTMAS,
    CHRISTMAS_RUSH,
    EUROPE,
    SINGLES_DAY,
    SUMMER_SALES,
    WINTER_SALES,
)


@dataclass(frozen=True)
class Supplier:
    name: str
    lead_time_days: int
    """Nominal days from order to delivery, as promised."""
    on_time_rate: float
    """Share of deliveries that arrive by the promised day; the rest are late."""


@dataclass(frozen=True)
class Category:
    name: str
    sku_prefix: str
    sku_share: float
    """Relative number of SKUs in the range."""
    popularity: float
    """Relative demand of a typical SKU."""
    price_band: tuple[float, float]
    cost_ratio_band: tuple[float, float]
    """unit_cost / list_price: low for beauty (fat margins), high for electronics."""
    monthly_profile: tuple[float, ...]
    """Relative demand January..December (normalised later)."""
    event_sensitivity: dict[str, float]
    """How much of an event's lift this category gets (1 = the shop average)."""
    yearly_growth: float
    return_rate: float
    """Share of units sold that come back."""
    single_unit_rate: float
    """Chance that a line stops after each unit: high for big-ticket items."""
    case_pack: int
    """Suppliers ship in multiples of this."""
    nouns: tuple[str, ...]
    brands: tuple[str, ...]
    variants: tuple[str, ...]
    suppliers: tuple[Supplier, ...]


@dataclass(frozen=True)
class Warehouse:
    code: str
    name: str
    region: str
    demand_share: float
    """Share of the shop's orders this building ships."""
    headroom: float
    """Capacity relative to the peak stock it held: near 1 means a full building."""


# Events a category does not mention get these shares of the lift.
DEFAULT_EVENT_SENSITIVITY = {
    WINTER_SALES: 0.4,
    SUMMER_SALES: 0.4,
    SINGLES_DAY: 0.6,
    BLACK_FRIDAY: 1.0,
    CHRISTMAS: 0.6,
    CHRISTMAS_RUSH: 0.6,
}

CATEGORIES: tuple[Category, ...] = (
    Category(
        name="Electronics",
        sku_prefix="ELE",
        sku_share=1.3,
        popularity=1.2,
        price_band=(19.0, 649.0),
        cost_ratio_band=(0.68, 0.85),
        monthly_profile=(0.9, 0.8, 0.85, 0.85, 0.85, 0.85, 0.9, 0.95, 0.95, 1.0, 1.3, 1.6),
        event_sensitivity={BLACK_FRIDAY: 1.5, SINGLES_DAY: 1.0, CHRISTMAS: 1.1, CHRISTMAS_RUSH: 1.0},
        yearly_growth=0.12,
        return_rate=0.05,
        single_unit_rate=0.9,
        case_pack=5,
        nouns=("Wireless Earbuds", "Bluetooth Speaker", "Smartwatch", "USB-C Charger", "Noise-Cancelling Headphones",
               "Action Camera", "E-Reader", "Portable SSD", "Webcam", "Smart Plug", "Power Bank", "Dash Cam"),
        brands=("Voltra", "Sonique", "Nexon", "Auralis", "Kairo"),
        variants=("Black", "White", "Pro", "Mini", "2nd Gen", "Max"),
        suppliers=(
            Supplier("Shenzhen Brightway Electronics", 38, 0.72),
            Supplier("Taipei Circuit Works", 30, 0.85),
            Supplier("EuroTech Distribution GmbH", 7, 0.93),
        ),
    ),
    Category(
        name="Toys & Games",
        sku_prefix="TOY",
        sku_share=1.0,
        popularity=0.9,
        price_band=(7.0, 89.0),
        cost_ratio_band=(0.45, 0.6),
        monthly_profile=(0.7, 0.6, 0.65, 0.7, 0.7, 0.7, 0.75, 0.75, 0.8, 1.0, 1.5, 2.4),
        event_sensitivity={BLACK_FRIDAY: 1.3, CHRISTMAS: 1.5, CHRISTMAS_RUSH: 1.6, WINTER_SALES: 0.2},
        yearly_growth=0.08,
        return_rate=0.03,
        single_unit_rate=0.75,
        case_pack=6,
        nouns=("Building Blocks Set", "Plush Bear", "Board Game", "Remote Control Car", "Jigsaw Puzzle 1000 pcs",
               "Wooden Train Set", "Science Kit", "Doll House", "Card Game", "Marble Run"),
        brands=("Playwise", "Tinker & Co", "Kidora", "Bright Cubs"),
        variants=("Classic", "Deluxe", "Travel", "Junior", "XL"),
        suppliers=(
            Supplier("Ningbo Happy Toys", 42, 0.7),
            Supplier("Nordic Toys AB", 12, 0.9),
            Supplier("Spielwaren Keller", 9, 0.88),
        ),
    ),
    Category(
        name="Apparel",
        sku_prefix="APP",
        sku_share=1.6,
        popularity=1.3,
        price_band=(9.0, 129.0),
        cost_ratio_band=(0.3, 0.48),
        monthly_profile=(1.25, 0.9, 1.0, 1.05, 1.0, 1.05, 1.15, 0.9, 1.0, 1.05, 1.1, 1.2),
        event_sensitivity={WINTER_SALES: 1.6, SUMMER_SALES: 1.5, SINGLES_DAY: 0.9},
        yearly_growth=0.18,
        return_rate=0.14,
        single_unit_rate=0.7,
        case_pack=10,
        nouns=("Merino Sweater", "Denim Jacket", "Linen Shirt", "Puffer Coat", "Chino Trousers", "Hoodie",
               "Rain Jacket", "Polo Shirt", "Wool Scarf", "Running Tee", "Summer Dress", "Fleece Vest"),
        brands=("Northline", "Maison Lune", "Urbanwear", "Fjord & Fell", "Calder"),
        variants=("Navy", "Black", "Olive", "Sand", "Grey Melange", "Burgundy"),
        suppliers=(
            Supplier("Dhaka Garment Partners", 45, 0.68),
            Supplier("Porto Textiles Lda", 14, 0.9),
            Supplier("Istanbul Knitwear", 20, 0.82),
        ),
    ),
    Category(
        name="Shoes",
        sku_prefix="SHO",
        sku_share=0.8,
        popularity=0.9,
        price_band=(29.0, 169.0),
        cost_ratio_band=(0.38, 0.52),
        monthly_profile=(1.1, 0.85, 1.05, 1.1, 1.05, 1.0, 1.0, 0.95, 1.1, 1.0, 1.0, 1.1),
        event_sensitivity={WINTER_SALES: 1.4, SUMMER_SALES: 1.3, BLACK_FRIDAY: 1.1},
        yearly_growth=0.1,
        return_rate=0.16,
        single_unit_rate=0.92,
        case_pack=6,
        nouns=("Running Shoes", "Leather Boots", "Canvas Sneakers", "Hiking Boots", "Loafers", "Sandals",
               "Trail Runners", "Chelsea Boots", "Slip-On Shoes"),
        brands=("Stride", "Paso", "Kestrel", "Alder Footwear"),
        variants=("Black", "White", "Brown", "Grey", "Blue"),
        suppliers=(
            Supplier("Ho Chi Minh Footwear", 40, 0.74),
            Supplier("Calzaturificio Marche", 15, 0.87),
            Supplier("Iberia Shoes SL", 10, 0.9),
        ),
    ),
    Category(
        name="Beauty",
        sku_prefix="BEA",
        sku_share=1.2,
        popularity=1.4,
        price_band=(4.0, 69.0),
        cost_ratio_band=(0.22, 0.4),
        monthly_profile=(0.9, 1.0, 0.95, 0.95, 1.05, 0.95, 0.9, 0.9, 0.95, 1.0, 1.25, 1.4),
        event_sensitivity={SINGLES_DAY: 1.8, BLACK_FRIDAY: 1.2, CHRISTMAS: 0.9},
        yearly_growth=0.3,
        return_rate=0.02,
        single_unit_rate=0.6,
        case_pack=12,
        nouns=("Vitamin C Serum", "Hydrating Face Cream", "Lip Balm", "Shampoo Bar", "Eau de Parfum 50 ml",
               "Sheet Mask Pack", "Body Lotion", "Mascara", "Sunscreen SPF 50", "Hand Cream"),
        brands=("Lumiere", "Botanica", "Seoul Glow", "Aqua Pura", "Velvet Rose"),
        variants=("30 ml", "50 ml", "Travel Size", "Sensitive", "Unscented"),
        suppliers=(
            Supplier("Seoul Cosmetics Trading", 28, 0.8),
            Supplier("Grasse Parfums SARL", 10, 0.92),
            Supplier("Beauty Wholesale Benelux", 6, 0.95),
        ),
    ),
    Category(
        name="Home & Kitchen",
        sku_prefix="HOM",
        sku_share=1.4,
        popularity=1.0,
        price_band=(8.0, 249.0),
        cost_ratio_band=(0.45, 0.6),
        monthly_profile=(1.0, 0.9, 0.95, 0.95, 0.9, 0.85, 0.85, 0.9, 1.0, 1.05, 1.3, 1.35),
        event_sensitivity={BLACK_FRIDAY: 1.3, WINTER_SALES: 0.7},
        yearly_growth=0.1,
        return_rate=0.04,
        single_unit_rate=0.75,
        case_pack=6,
        nouns=("Cast Iron Skillet", "Chef's Knife", "French Press", "Cotton Bath Towel", "Scented Candle",
               "Glass Food Containers", "Stand Mixer", "Linen Duvet Cover", "Espresso Cups", "Cutting Board"),
        brands=("Casa Nova", "Hearth & Oak", "Kitchenry", "Lindholm"),
        variants=("Set of 2", "Set of 4", "Large", "Small", "Stone Grey", "Natural"),
        suppliers=(
            Supplier("Guangzhou Homeware", 40, 0.73),
            Supplier("Polska Ceramika", 8, 0.9),
            Supplier("Solingen Steelworks", 12, 0.93),
        ),
    ),
    Category(
        name="Garden & Outdoor",
        sku_prefix="GAR",
        sku_share=0.9,
        popularity=0.9,
        price_band=(6.0, 349.0),
        cost_ratio_band=(0.45, 0.6),
        monthly_profile=(0.35, 0.5, 1.0, 1.6, 1.9, 1.8, 1.5, 1.1, 0.8, 0.55, 0.45, 0.5),
        event_sensitivity={SUMMER_SALES: 1.0, CHRISTMAS: 0.2, CHRISTMAS_RUSH: 0.2, SINGLES_DAY: 0.3},
        yearly_growth=0.06,
        return_rate=0.03,
        single_unit_rate=0.7,
        case_pack=4,
        nouns=("Garden Hose 25 m", "Folding Lounger", "Solar Path Lights", "Pruning Shears", "Raised Bed Kit",
               "Charcoal Grill", "Camping Tent", "Outdoor Cushion", "Watering Can", "Bird Feeder"),
        brands=("Greenfield", "Terra", "Sunhaven", "Wildroot"),
        variants=("Green", "Anthracite", "Compact", "Family", "Premium"),
        suppliers=(
            Supplier("Xiamen Outdoor Living", 44, 0.7),
            Supplier("Gartenwelt Handels GmbH", 9, 0.9),
            Supplier("Holland Garden Supply", 6, 0.94),
        ),
    ),
    Category(
        name="Sports & Fitness",
        sku_prefix="SPO",
        sku_share=0.9,
        popularity=0.9,
        price_band=(9.0, 299.0),
        cost_ratio_band=(0.45, 0.6),
        monthly_profile=(1.55, 1.2, 1.05, 1.0, 1.1, 1.15, 1.1, 0.95, 1.0, 0.85, 0.9, 1.0),
        event_sensitivity={WINTER_SALES: 0.9, BLACK_FRIDAY: 1.1},
        yearly_growth=0.14,
        return_rate=0.06,
        single_unit_rate=0.8,
        case_pack=4,
        nouns=("Yoga Mat", "Adjustable Dumbbells", "Resistance Bands", "Foam Roller", "Cycling Helmet",
               "Jump Rope", "Water Bottle 750 ml", "Kettlebell 12 kg", "Tennis Racket", "Gym Bag"),
        brands=("Peakform", "Vigor", "Altus", "Momentum"),
        variants=("Black", "Blue", "Lime", "Pro", "Lite"),
        suppliers=(
            Supplier("Fujian Sports Goods", 36, 0.75),
            Supplier("Decasport Europe", 7, 0.92),
            Supplier("Alpina Outdoor SRL", 12, 0.88),
        ),
    ),
    Category(
        name="Books",
        sku_prefix="BOO",
        sku_share=0.8,
        popularity=0.7,
        price_band=(7.0, 45.0),
        cost_ratio_band=(0.6, 0.75),
        monthly_profile=(0.9, 0.85, 0.9, 0.9, 0.9, 0.95, 1.1, 1.1, 0.95, 1.0, 1.15, 1.5),
        event_sensitivity={CHRISTMAS: 1.1, CHRISTMAS_RUSH: 1.0, BLACK_FRIDAY: 0.6},
        yearly_growth=-0.03,
        return_rate=0.01,
        single_unit_rate=0.8,
        case_pack=10,
        nouns=("Cookbook", "Crime Novel", "Travel Guide", "Children's Picture Book", "History of Europe",
               "Self-Help Bestseller", "Graphic Novel", "Poetry Collection", "Gardening Handbook", "Atlas"),
        brands=("Quill House", "Meridian Press", "Papercut Books"),
        variants=("Hardcover", "Paperback", "Illustrated Edition", "Anniversary Edition"),
        suppliers=(
            Supplier("Libri Central Distribution", 5, 0.95),
            Supplier("Meridian Press Direct", 10, 0.88),
        ),
    ),
    Category(
        name="Pet Supplies",
        sku_prefix="PET",
        sku_share=0.8,
        popularity=1.2,
        price_band=(4.0, 79.0),
        cost_ratio_band=(0.5, 0.65),
        monthly_profile=(1.0, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1),
        event_sensitivity={BLACK_FRIDAY: 0.7, CHRISTMAS: 0.4, CHRISTMAS_RUSH: 0.3, WINTER_SALES: 0.2},
        yearly_growth=0.2,
        return_rate=0.01,
        single_unit_rate=0.5,
        case_pack=12,
        nouns=("Grain-Free Dog Food 2 kg", "Cat Litter 10 l", "Chew Toy", "Cat Scratching Post", "Dog Leash",
               "Pet Bed", "Fish Food Flakes", "Dental Sticks", "Bird Seed Mix"),
        brands=("Happy Paws", "Whisker", "Canis & Co", "Petora"),
        variants=("Small", "Medium", "Large", "Chicken", "Salmon"),
        suppliers=(
            Supplier("Petfood Europa BV", 6, 0.94),
            Supplier("Zoo Supplies Polska", 9, 0.9),
        ),
    ),
    Category(
        name="Grocery & Gourmet",
        sku_prefix="GRO",
        sku_share=1.0,
        popularity=1.5,
        price_band=(2.5, 35.0),
        cost_ratio_band=(0.6, 0.75),
        monthly_profile=(0.95, 0.9, 0.95, 1.0, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.1, 1.5),
        event_sensitivity={
            BLACK_FRIDAY: 0.4, CHRISTMAS: 1.0, CHRISTMAS_RUSH: 1.2, WINTER_SALES: 0.1, SUMMER_SALES: 0.1,
        },
        yearly_growth=0.25,
        return_rate=0.004,
        single_unit_rate=0.45,
        case_pack=24,
        nouns=("Single-Origin Coffee Beans", "Extra Virgin Olive Oil", "Dark Chocolate 70%", "Green Tea",
               "Truffle Salt", "Aged Balsamic Vinegar", "Organic Honey", "Pasta Selection", "Granola", "Spice Set"),
        brands=("Terroir", "Bottega Verde", "Nordic Pantry", "Maison Dorée"),
        variants=("250 g", "500 g", "1 kg", "Gift Box", "Organic"),
        suppliers=(
            Supplier("Italia Fine Foods", 10, 0.9),
            Supplier("Iberico Gourmet SL", 8, 0.92),
            Supplier("Coffee Importers Hamburg", 14, 0.86),
        ),
    ),
    Category(
        name="Office & School",
        sku_prefix="OFF",
        sku_share=0.7,
        popularity=0.9,
        price_band=(2.0, 179.0),
        cost_ratio_band=(0.45, 0.6),
        monthly_profile=(1.1, 0.9, 0.9, 0.85, 0.85, 0.85, 0.95, 1.9, 1.7, 0.9, 0.85, 0.75),
        event_sensitivity={BLACK_FRIDAY: 0.8, CHRISTMAS: 0.3, CHRISTMAS_RUSH: 0.2},
        yearly_growth=0.02,
        return_rate=0.01,
        single_unit_rate=0.5,
        case_pack=12,
        nouns=("Dotted Notebook A5", "Fountain Pen", "Desk Organizer", "School Backpack", "Gel Pens Pack",
               "Ergonomic Mouse", "Sticky Notes", "Desk Lamp", "Document Folder", "Scientific Calculator"),
        brands=("Scribe", "Officio", "Atlas Paper", "Kontor"),
        variants=("Black", "Blue", "Pastel", "Pack of 5", "Recycled"),
        suppliers=(
            Supplier("Paper & Co Distribution", 7, 0.93),
            Supplier("Yiwu Stationery Export", 35, 0.74),
        ),
    ),
    Category(
        name="Baby",
        sku_prefix="BAB",
        sku_share=0.6,
        popularity=1.1,
        price_band=(5.0, 299.0),
        cost_ratio_band=(0.5, 0.65),
        monthly_profile=(1.0, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1),
        event_sensitivity={BLACK_FRIDAY: 1.0, CHRISTMAS: 0.5},
        yearly_growth=0.05,
        return_rate=0.04,
        single_unit_rate=0.55,
        case_pack=8,
        nouns=("Baby Carrier", "Muslin Swaddles", "Baby Monitor", "Bottle Set", "Teething Toy", "Changing Mat",
               "Stroller Organizer", "Sleep Sack", "High Chair"),
        brands=("Little Nest", "Bambino", "Moonbeam"),
        variants=("0-6 m", "6-12 m", "Grey", "Sage", "Oat"),
        suppliers=(
            Supplier("Baby Goods Scandinavia", 10, 0.92),
            Supplier("Hangzhou Infant Products", 40, 0.72),
        ),
    ),
    Category(
        name="Jewelry & Watches",
        sku_prefix="JEW",
        sku_share=0.5,
        popularity=0.5,
        price_band=(19.0, 449.0),
        cost_ratio_band=(0.25, 0.45),
        monthly_profile=(0.8, 1.4, 0.85, 0.85, 1.05, 0.9, 0.8, 0.8, 0.85, 0.9, 1.2, 1.9),
        event_sensitivity={SINGLES_DAY: 1.2, CHRISTMAS: 1.4, CHRISTMAS_RUSH: 1.7},
        yearly_growth=0.07,
        return_rate=0.07,
        single_unit_rate=0.95,
        case_pack=2,
        nouns=("Silver Necklace", "Gold Hoop Earrings", "Leather Strap Watch", "Charm Bracelet", "Signet Ring",
               "Pearl Studs", "Chronograph Watch", "Cufflinks"),
        brands=("Aurelia", "Ostra", "Tempus", "Lys"),
        variants=("Silver", "Gold-Plated", "Rose Gold", "Steel"),
        suppliers=(
            Supplier("Vicenza Gioielli", 18, 0.86),
            Supplier("Jaipur Craft Exports", 34, 0.74),
        ),
    ),
    Category(
        name="Travel & Luggage",
        sku_prefix="TRV",
        sku_share=0.5,
        popularity=0.7,
        price_band=(12.0, 329.0),
        cost_ratio_band=(0.4, 0.55),
        monthly_profile=(0.8, 0.8, 0.9, 1.0, 1.2, 1.5, 1.5, 1.1, 0.9, 0.8, 0.9, 0.9),
        event_sensitivity={SUMMER_SALES: 1.0, BLACK_FRIDAY: 1.2, CHRISTMAS: 0.4, CHRISTMAS_RUSH: 0.3},
        yearly_growth=0.15,
        return_rate=0.06,
        single_unit_rate=0.9,
        case_pack=4,
        nouns=("Carry-On Suitcase", "Packing Cubes", "Travel Pillow", "Weekender Bag", "Passport Holder",
               "Hard-Shell Suitcase 75 cm", "Toiletry Bag", "Luggage Scale"),
        brands=("Voyager", "Nomadi", "Jetset", "Roam"),
        variants=("Black", "Navy", "Sand", "Forest", "Set of 3"),
        suppliers=(
            Supplier("Zhejiang Luggage Works", 42, 0.7),
            Supplier("Milano Pelletteria", 16, 0.88),
        ),
    ),
)

WAREHOUSES: tuple[Warehouse, ...] = (
    Warehouse("PAR", "Paris Nord fulfilment centre", "Île-de-France", 0.24, 1.15),
    Warehouse("BER", "Berlin Schönefeld hub", "Brandenburg", 0.21, 1.3),
    Warehouse("MAD", "Madrid Getafe warehouse", "Comunidad de Madrid", 0.14, 1.45),
    Warehouse("MIL", "Milan Lodi depot", "Lombardy", 0.13, 1.25),
    Warehouse("WAW", "Warsaw Ożarów centre", "Masovia", 0.09, 1.7),
    Warehouse("AMS", "Amsterdam Schiphol cross-dock", "North Holland", 0.08, 1.1),
    Warehouse("STO", "Stockholm Arlanda store", "Stockholm County", 0.06, 1.5),
    Warehouse("DUB", "Dublin Ballycoolin depot", "Leinster", 0.05, 1.35),
)


# Discount depth during each event: deep in the sales and on Black Friday,
# shallow in the Christmas rush (people pay full price to get gifts in time).
EVENT_DISCOUNT = {
    WINTER_SALES: 0.3,
    SUMMER_SALES: 0.25,
    SINGLES_DAY: 0.2,
    BLACK_FRIDAY: 0.25,
    CHRISTMAS: 0.1,
    CHRISTMAS_RUSH: 0.05,
}
# After the Christmas shipping cut-off and on New Year's Day almost nobody orders.
QUIET_DAYS = {(12, 23): 0.6, (12, 24): 0.45, (12, 25): 0.4, (12, 26): 0.7, (12, 31): 0.7, (1, 1): 0.55}


def charm_round(prices: np.ndarray) -> np.ndarray:
    """Prices ending in .99 (or .49 below 10), as European shops set them."""
    return np.where(prices < 10, np.floor(prices * 2) / 2 + 0.49, np.floor(prices) + 0.99).round(2)


@dataclass(frozen=True)
class ShopProfile:
    """Everything that makes one sample shop differ from another: its master
    data, currency, retail calendar and local habits (how prices end, how
    products are named, the quiet days of its year)."""

    locale: str  # the language of its names: `python -m sample_data --locale`
    currency: str  # ISO 4217 code, stored with the data
    calendar: str  # one of analytics.events.CALENDARS, stored with the data
    categories: tuple[Category, ...]
    warehouses: tuple[Warehouse, ...]
    default_event_sensitivity: Mapping[str, float]
    """Events a category does not mention get these shares of the lift."""
    event_discount: Mapping[str, float]
    quiet_days: Mapping[tuple[int, int], float]
    """(month, day) -> demand factor, on top of the calendar's events."""
    charm_round: Callable[[np.ndarray], np.ndarray]
    product_name: str  # a format of brand, noun and variant
    product_series: str  # a format of name and number, for a second model of the same name

    def event_sensitivity(self, category: Category, event: str) -> float:
        return category.event_sensitivity.get(event, self.default_event_sensitivity.get(event, 1.0))

    def product_names(self, category: Category, count: int, rng: np.random.Generator) -> list[str]:
        """`count` distinct names of the category; a model number keeps them
        distinct when the category's combinations run out."""
        combos = [
            self.product_name.format(brand=brand, noun=noun, variant=variant)
            for brand in category.brands
            for noun in category.nouns
            for variant in category.variants
        ]
        picks = rng.permutation(len(combos))
        names = []
        for i in range(count):
            base = combos[picks[i % len(combos)]]
            series = i // len(combos)
            names.append(base if series == 0 else self.product_series.format(name=base, number=series + 1))
        return names


EUROPEAN_SHOP = ShopProfile(
    locale="en",
    currency="EUR",
    calendar=EUROPE,
    categories=CATEGORIES,
    warehouses=WAREHOUSES,
    default_event_sensitivity=DEFAULT_EVENT_SENSITIVITY,
    event_discount=EVENT_DISCOUNT,
    quiet_days=QUIET_DAYS,
    charm_round=charm_round,
    product_name="{brand} {noun} ({variant})",
    product_series="{name} Mk {number}",
)
