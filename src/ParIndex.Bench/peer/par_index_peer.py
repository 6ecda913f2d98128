#!/usr/bin/env python3
"""The PAR Index of a data folder, as a reform office's analyst would script it.

The bench's peer (`ParIndex.Bench peer`, issue #14): it reads a data folder laid out as
interchange.md says (units.yaml, <year>/self-assessments/<UNIT>.xlsx, <year>/survey/*.xlsx,
<year>/survey-results/*.xlsx) and the criteria sets (scoring-criteria/<year>/<group>.yaml),
scores every unit by scoring.md for the rule kinds the sets use, ranks each group and writes
one JSON list: year, group, unitCode, status, index (rounded as the set says), rank.

It validates nothing (ParIndex does): a folder ParIndex rejects gives no meaningful answer here.
Only openpyxl (read-only) and PyYAML: Debian's python3-openpyxl and python3-yaml.

    python3 par_index_peer.py --criteria scoring-criteria --data samples [--year 2024 ...] --out peer.json
"""
import argparse
import glob
import json
import os
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import yaml

INPUT_PLACES = Decimal("0.000001")  # a workbook's double is taken to 6 places first (scoring.md)
YES = {"có", "co", "x", "1", "yes", "y", "true", "đạt"}
NO = {"không", "khong", "0", "no", "n", "false", "không đạt"}
REGULAR_EXCLUDED = ("bonus", "penalty")


def dec(value):
    """A number from YAML or a workbook as an exact decimal (floats to 6 places, half away from zero)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(INPUT_PLACES, rounding=ROUND_HALF_UP).normalize()
    text = str(value).strip().replace(",", ".")
    return Decimal(text) if text else None


def round_half_away(value, places):
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def label(text):
    """Case, runs of spaces and the Unicode form ignored."""
    return " ".join(unicodedata.normalize("NFC", str(text)).lower().split())


def blank(value):
    return value is None or (isinstance(value, str) and value.strip() == "")


# ---- criteria sets -------------------------------------------------------------------------------

def load_sets(criteria_dir):
    sets = {}
    for path in sorted(glob.glob(os.path.join(criteria_dir, "*", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        ranking = doc.get("ranking") or {}
        survey = doc.get("survey")
        leaves = []
        collect_leaves(doc["criteria"], leaves)
        sets[(int(doc["year"]), doc["group"])] = {
            "decimals": int(doc.get("decimals", 2)),
            "method": ranking.get("method", "competition"),
            # YAML 1.1 reads an unquoted `on` as true: accept both spellings.
            "on": ranking.get("on", ranking.get(True, "rounded")),
            "survey": survey,
            "leaves": leaves,
        }
    return sets


def collect_leaves(nodes, out):
    for node in nodes:
        if "children" in node:
            collect_leaves(node["children"], out)
        else:
            out.append(node)


def answer_share(survey, question):
    """Share of the points per answer letter for a question: its own answers, else the set's."""
    for q in survey["questions"]:
        if q["code"] == question and q.get("answers"):
            return q["answers"]
    return survey["answers"]


# ---- units ---------------------------------------------------------------------------------------

def load_units(data_dir):
    with open(os.path.join(data_dir, "units.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)["units"]


def assessed_in(unit, year):
    return unit.get("from", year) <= year <= unit.get("until", year)


# ---- self-assessment workbooks -------------------------------------------------------------------

def read_self_assessment(path):
    """Rows of the sheet «Tự đánh giá» by criterion code: value, self-score, not applicable, appraisal."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb["Tự đánh giá"]
        columns = None
        rows = {}
        for row in ws.iter_rows(values_only=True):
            if columns is None:
                if "Mã tiêu chí" in row:
                    columns = {name: i for i, name in enumerate(row) if isinstance(name, str)}
                continue
            code = row[columns["Mã tiêu chí"]]
            if blank(code):
                continue

            def cell(name):
                i = columns[name]
                return row[i] if i < len(row) else None

            rows[str(code).strip()] = {
                "value": cell("Giá trị"),
                "self": cell("Điểm tự chấm"),
                "na": not blank(cell("Không áp dụng")),
                "appraisal": cell("Điểm thẩm định"),
            }
        return rows
    finally:
        wb.close()


def computed_self_score(leaf, value):
    """The self-score the entered value («Giá trị») gives under the leaf's rule."""
    rule = leaf["rule"]
    kind = rule["kind"]
    max_points = dec(leaf.get("max", 0))
    if kind == "yes_no":
        if isinstance(value, bool):
            return max_points if value else Decimal(0)
        text = label(value)
        if text in YES:
            return max_points
        if text in NO:
            return Decimal(0)
        raise ValueError(f"{leaf['code']}: not Có/Không: {value!r}")
    if kind == "levels":
        for level in rule["levels"]:
            if label(level["label"]) == label(value):
                return dec(level["points"])
        raise ValueError(f"{leaf['code']}: no level {value!r}")
    if kind == "bands":
        v = dec(value)
        for band in rule["bands"]:
            if ("min" in band and v >= dec(band["min"])) or ("above" in band and v > dec(band["above"])):
                return dec(band["points"])
        return Decimal(0)
    if kind == "proportional":
        v = dec(value)
        if "floor" in rule and v < dec(rule["floor"]):
            return Decimal(0)
        return max_points * min(max(v / dec(rule.get("target", 100)), Decimal(0)), Decimal(1))
    if kind in REGULAR_EXCLUDED:
        count = dec(value) if not blank(value) else Decimal(0)
        return min(count * dec(rule["per_item"]), dec(rule["cap"]))
    raise ValueError(f"{leaf['code']}: rule kind {kind} is not scored by this script")


# ---- surveys -------------------------------------------------------------------------------------

def read_surveys(year_dir, unit_set):
    """Per unit (and respondent group when the set weighs groups): answer counts per question and letter,
    and per survey leaf the number of questionnaires that answered any of its questions."""
    tallies = {}
    for path in sorted(glob.glob(os.path.join(year_dir, "survey", "*.xlsx"))):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = ws.iter_rows(values_only=True)
            header = next(rows)
            unit_col = header.index("Mã đơn vị")
            group_col = header.index("Nhóm đối tượng")
            question_cols = [(i, str(h).strip()) for i, h in enumerate(header)
                             if not blank(h) and h not in ("Mã đơn vị", "Nhóm đối tượng", "Mã phiếu")]
            for row in rows:
                unit = row[unit_col]
                if blank(unit) or str(unit).strip() not in unit_set:
                    continue
                unit = str(unit).strip()
                s = unit_set[unit]
                survey = s["survey"]
                key = (unit, str(row[group_col]).strip() if survey.get("groups") else None)
                tally = tallies.setdefault(key, {"answers": {}, "leaves": {}})
                answered = set()
                for i, question in question_cols:
                    answer = row[i] if i < len(row) else None
                    if blank(answer) or question not in s["question_codes"]:
                        continue
                    letter = str(answer).strip().upper()
                    counts = tally["answers"].setdefault(question, {})
                    counts[letter] = counts.get(letter, 0) + 1
                    answered.add(question)
                for leaf_code, questions in s["survey_leaves"].items():
                    if answered.intersection(questions):
                        tally["leaves"][leaf_code] = tally["leaves"].get(leaf_code, 0) + 1
        finally:
            wb.close()
    return tallies


def read_survey_results(year_dir):
    """Bought survey results: per unit and survey leaf, a share (0-1) or points."""
    results = {}
    for path in sorted(glob.glob(os.path.join(year_dir, "survey-results", "*.xlsx"))):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            columns = None
            for row in wb.worksheets[0].iter_rows(values_only=True):
                if columns is None:
                    if "Mã đơn vị" in row and "Mã tiêu chí" in row:
                        columns = {name: i for i, name in enumerate(row) if isinstance(name, str)}
                    continue
                unit, leaf = row[columns["Mã đơn vị"]], row[columns["Mã tiêu chí"]]
                if blank(unit) or blank(leaf):
                    continue
                if "Tỷ lệ (%)" in columns:
                    entry = ("share", dec(row[columns["Tỷ lệ (%)"]]) / 100)
                else:
                    entry = ("points", dec(row[columns["Điểm"]]))
                results.setdefault(str(unit).strip(), {})[str(leaf).strip()] = entry
        finally:
            wb.close()
    return results


def mean_share(survey, questions, answers):
    """(sum of the answers' shares, number of answers) over the leaf's questions."""
    total, count = Decimal(0), 0
    for question in questions:
        shares = answer_share(survey, question)
        for letter, n in answers.get(question, {}).items():
            total += n * dec(shares[letter])
            count += n
    return total, count


def survey_points(s, leaf, unit, tallies, results):
    """The survey leaf's points, or None when it is not applicable for the unit."""
    max_points = dec(leaf["max"])
    survey = s["survey"]
    questions = leaf["rule"]["questions"]
    if unit in results:
        entry = results[unit].get(leaf["code"])
        if entry is None:
            return None
        kind, number = entry
        return max_points * number if kind == "share" else number
    groups = survey.get("groups")
    if groups:
        weighted, weights = Decimal(0), Decimal(0)
        for code in sorted(groups):
            tally = tallies.get((unit, code))
            if tally is None:
                continue
            n = tally["leaves"].get(leaf["code"], 0)
            if n == 0 or n < groups[code].get("min", 1):
                continue
            total, count = mean_share(survey, questions, tally["answers"])
            if count == 0:
                continue
            weight = dec(groups[code]["weight"])
            weighted += weight * (total / count)
            weights += weight
        return None if weights == 0 else max_points * weighted / weights
    tally = tallies.get((unit, None))
    n = tally["leaves"].get(leaf["code"], 0) if tally else 0
    if n == 0 or n < survey.get("min_respondents", 30):
        return None
    total, count = mean_share(survey, questions, tally["answers"])
    return None if count == 0 else max_points * total / count


# ---- a unit's score and the group's ranking ------------------------------------------------------

def score_unit(s, unit, rows, tallies, results):
    """(points, applicable maximum) of one unit."""
    regular, bonus, penalty, applicable_max = Decimal(0), Decimal(0), Decimal(0), Decimal(0)
    for leaf in s["leaves"]:
        kind = leaf["rule"]["kind"]
        if kind == "survey":
            points = survey_points(s, leaf, unit, tallies, results)
            if points is not None:
                regular += points
                applicable_max += dec(leaf["max"])
            continue
        row = rows.get(leaf["code"], {})
        if kind not in REGULAR_EXCLUDED and row.get("na") and leaf.get("not_applicable_allowed", False):
            continue
        self_score = dec(row.get("self")) if kind == "points" else computed_self_score(leaf, row.get("value"))
        appraisal = dec(row.get("appraisal")) if not blank(row.get("appraisal")) else None
        final = appraisal if appraisal is not None else self_score
        if kind == "bonus":
            bonus += final
        elif kind == "penalty":
            penalty += final
        else:
            regular += final
            applicable_max += dec(leaf["max"])
    points = min(max(regular + bonus - penalty, Decimal(0)), applicable_max)
    return points, applicable_max


def rank(s, entries):
    """Places among ranked units: competition (1,2,2,4) or dense (1,2,2,3), on rounded or exact indices."""
    ranked = [e for e in entries if e["status"] == "ranked"]
    keys = {e["unitCode"]: (e["_rounded"] if s["on"] == "rounded" else e["_exact"]) for e in ranked}
    distinct = sorted(set(keys.values()), reverse=True)
    for e in ranked:
        k = keys[e["unitCode"]]
        if s["method"] == "dense":
            e["rank"] = distinct.index(k) + 1
        else:
            e["rank"] = 1 + sum(1 for other in keys.values() if other > k)


def score_year(criteria_sets, units, data_dir, year):
    year_dir = os.path.join(data_dir, str(year))
    unit_set = {}
    for u in units:
        s = criteria_sets.get((year, u["group"]))
        if s is None or not assessed_in(u, year):
            continue
        if "survey_leaves" not in s:
            s["survey_leaves"] = {l["code"]: set(l["rule"]["questions"]) for l in s["leaves"]
                                  if l["rule"]["kind"] == "survey"}
            s["question_codes"] = {q["code"] for q in (s["survey"] or {}).get("questions", [])}
        unit_set[u["code"]] = s
    tallies = read_surveys(year_dir, unit_set)
    results = read_survey_results(year_dir)

    by_group = {}
    for u in units:
        code = u["code"]
        if code not in unit_set:
            continue
        s = unit_set[code]
        entry = {"year": year, "group": u["group"], "unitCode": code, "index": None, "rank": None}
        path = os.path.join(year_dir, "self-assessments", code + ".xlsx")
        if not os.path.exists(path):
            entry["status"] = "missing"
        else:
            points, applicable_max = score_unit(s, code, read_self_assessment(path), tallies, results)
            if applicable_max == 0:
                entry["status"] = "invalid"
            else:
                exact = points / applicable_max * 100
                entry["_exact"] = exact
                entry["_rounded"] = round_half_away(exact, s["decimals"])
                entry["index"] = entry["_rounded"]
                entry["status"] = "ranked" if u.get("ranked", True) else "unranked"
        by_group.setdefault(u["group"], []).append(entry)

    out = []
    for group, entries in by_group.items():
        rank(criteria_sets[(year, group)], entries)
        for e in entries:
            out.append({k: v for k, v in e.items() if not k.startswith("_")})
    return out


def years_in(data_dir):
    return sorted(int(d) for d in os.listdir(data_dir)
                  if d.isdigit() and os.path.isdir(os.path.join(data_dir, d, "self-assessments")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", required=True, help="the scoring-criteria folder")
    parser.add_argument("--data", required=True, help="the data folder (units.yaml, <year>/...)")
    parser.add_argument("--year", type=int, action="append", help="a year to score (default: every year in the folder)")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    args = parser.parse_args()

    criteria_sets = load_sets(args.criteria)
    units = load_units(args.data)
    years = args.year or years_in(args.data)
    everything = []
    for year in years:
        everything.extend(score_year(criteria_sets, units, args.data, year))
    with open(args.out, "w", encoding="utf-8") as f:
        # The rounded index as a JSON number (its shortest float text is the decimal, e.g. 81.13).
        json.dump(everything, f, ensure_ascii=False, indent=1,
                  default=lambda d: float(d) if isinstance(d, Decimal) else str(d))
    print(f"{len(everything)} units scored in {len(years)} year(s): {args.out}")


if __name__ == "__main__":
    main()
