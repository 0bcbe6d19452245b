"""Report counts behind the overview and category cards: reports per category and per
product, and the share one is of the other."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ketamine_faers.dashboards.site_data import SiteData


@dataclass(frozen=True)
class Totals:
    category_reports: dict[tuple[str, str, str, str], int]
    product_reports: dict[tuple[str, str], int]

    @classmethod
    def of(cls, data: SiteData) -> Totals:
        category_reports: dict[tuple[str, str, str, str], int] = defaultdict(int)
        for row in data.effects_by_quarter:
            key = (row["product"], row["exposure"], row["category"], row["scope"])
            category_reports[key] += int(row["reports"])
        product_reports = {key: int(row["reports"]) for key, row in data.product_totals.items()}
        return cls(dict(category_reports), product_reports)

    def share(self, product: str, exposure: str, category: str, scope: str) -> float | None:
        total = self.product_reports.get((product, exposure), 0)
        if not total:
            return None
        return self.category_reports.get((product, exposure, category, scope), 0) / total
