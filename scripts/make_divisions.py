"""Generate kg/data/divisions.tsv from JioNLP's administrative-division data.

JioNLP (Apache-2.0) ships China's provinces, prefectures and counties with their codes,
parents and short names in ``dictionary/china_location.txt``, and renamings in
``china_location_change.txt``. Only the three upper levels are kept; they are public facts,
shipped as data so that ``kg`` needs no JioNLP at run time (its tagger pulls a GPL package).

Usage: python scripts/make_divisions.py  (needs ``pip install jionlp``)
"""

from __future__ import annotations

import csv
import pathlib
import sys

ZONE_WORDS = ("开发区", "实验区", "示范区", "园区", "新区", "高新区", "合作区", "食品区", "管理区")


def main() -> int:
    try:
        import jionlp  # noqa: F401  (only to find its data folder)
    except ImportError:
        print("error: this script needs jionlp (pip install jionlp)", file=sys.stderr)
        return 1
    folder = pathlib.Path(jionlp.__file__).parent / "dictionary"
    rows: list[tuple[str, str, str, str, str]] = []
    parents: list[str] = ["", "", ""]
    province_code = ""
    for line in (folder / "china_location.txt").read_text(encoding="utf-8").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        name, code, short = (line.strip().split("\t") + ["", ""])[:3]
        parents[depth] = code
        if depth == 0:
            province_code = code
            rows.append((code, name, short, "Province", ""))
        elif depth == 1:
            if name == "省直辖行政区划":  # county-level cities under the province: city-level units
                parents[1] = province_code
                continue
            if name == rows[-1][1]:  # municipalities repeat their own name as the city level
                parents[1] = rows[-1][0]
                continue
            rows.append((code, name, short, "City", province_code))
        else:
            parent = parents[1]
            level = "City" if parent == province_code else "County"
            if any(name.endswith(w) for w in ZONE_WORDS) and not name.endswith(("地区", "矿区")):
                level = "Zone"
            if name in ("市辖区", "东区", "西区", "郊区", "城区", "矿区"):  # ambiguous generic names
                continue
            rows.append((code, name, short, level, parent))
    renamed: list[tuple[str, str]] = []
    by_path = {r[1]: r[0] for r in rows}
    for line in (folder / "china_location_change.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if "=>" not in line or len(parts) < 5:
            continue
        old = line.split("=>")[0].split("\t")[-1]
        new = line.split("=>")[1].split("\t")[-1]
        old_full = line.split("=>")[0].split("\t")[-2]
        if new in by_path and old_full != new:
            renamed.append((by_path[new], old_full))
            renamed.append((by_path[new], old))
    out = pathlib.Path(__file__).resolve().parents[1] / "kg" / "data" / "divisions.tsv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "name", "short", "level", "parent", "former_names"])
        former: dict[str, set[str]] = {}
        for code, old in renamed:
            former.setdefault(code, set()).add(old)
        for code, name, short, level, parent in rows:
            w.writerow([code, name, short, level, parent, "|".join(sorted(former.get(code, ())))])
    print(f"wrote {len(rows)} divisions to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
