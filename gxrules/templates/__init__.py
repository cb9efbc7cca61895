"""Report templates as data: sections, tables, rows, columns, equations.

The national templates live next to this file as TOML. A template may name a
``base`` and list only what differs (the 2019 trial format does). Plugins add
templates through the ``gxrules_templates`` hook, as :class:`Template`
objects or as dicts of the same shape as the TOML files.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple


class ColumnSpec(NamedTuple):
    key: str
    label: str
    aliases: Tuple[str, ...] = ()
    typos: Tuple[str, ...] = ()
    signed: bool = False


class RowSpec(NamedTuple):
    key: str
    label: str
    columns: Tuple[str, ...]
    aliases: Tuple[str, ...] = ()
    typos: Tuple[str, ...] = ()
    decimal: bool = False


class GroupSpec(NamedTuple):
    key: str
    label: str
    aliases: Tuple[str, ...] = ()
    typos: Tuple[str, ...] = ()


class Equation(NamedTuple):
    rule: str
    per: str  # "column": for each column, sum of rows; "row": for each row, sum of columns
    lhs: Tuple[str, ...]
    rhs: Tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    section: int
    columns: Mapping[str, ColumnSpec]
    rows: Tuple[RowSpec, ...]
    headers: Tuple[str, ...] = ()
    groups: Tuple[GroupSpec, ...] = ()
    equations: Tuple[Equation, ...] = ()
    one_row: bool = False  # all values in one data row, rows in order (table 3)

    def row(self, key: str) -> RowSpec:
        try:
            return self._rows_by_key[key]
        except KeyError:
            raise KeyError(key) from None

    @functools.cached_property
    def _rows_by_key(self) -> Dict[str, RowSpec]:
        return {r.key: r for r in self.rows}

    @property
    def row_keys(self) -> List[str]:
        return [r.key for r in self.rows]


class SectionSpec(NamedTuple):
    number: int
    title: str
    keywords: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    first_year: int
    last_year: int
    sections: Tuple[SectionSpec, ...]
    tables: Mapping[str, TableSpec]
    plugin: str = "gxrules"

    def section(self, number: int) -> Optional[SectionSpec]:
        for s in self.sections:
            if s.number == number:
                return s
        return None


def load_builtin_template_data() -> List[dict]:
    """The raw TOML of the national templates shipped with gxrules."""
    from ..usercache import load_toml

    return [load_toml("gxrules.templates", name) for name in ("national_2021.toml", "national_2019.toml")]


def build_templates(raw_templates: Sequence[dict]) -> Dict[str, Template]:
    """Resolve ``base`` references and turn raw dicts into :class:`Template`."""
    raw_by_name = {t["name"]: t for t in raw_templates}
    resolved: Dict[str, dict] = {}

    def resolve(name: str, seen=()) -> dict:
        if name in resolved:
            return resolved[name]
        if name in seen:
            raise ValueError(f"template base cycle: {' -> '.join(seen + (name,))}")
        raw = raw_by_name[name]
        merged = _merge(resolve(raw["base"], seen + (name,)), raw) if raw.get("base") else raw
        resolved[name] = merged
        return merged

    return {name: _to_template(resolve(name)) for name in raw_by_name}


def _merge(base: dict, child: dict) -> dict:
    """``child`` over ``base``. Neither is changed: what differs is new, what is the same is shared
    (nothing builds on these dicts after :func:`_to_template` has read them)."""
    out = dict(base)
    for key, value in child.items():
        if key in ("tables", "base"):
            continue
        out[key] = value
    tables = {t["name"]: t for t in out.get("tables", [])}
    order = [t["name"] for t in out.get("tables", [])]
    for t in child.get("tables", []):
        if t.get("patch"):
            tables[t["name"]] = _patch_table(tables[t["name"]], t)
        else:
            if t["name"] not in tables:
                order.append(t["name"])
            tables[t["name"]] = t
    out["tables"] = [tables[n] for n in order]
    return out


def _patch_table(base: dict, patch: dict) -> dict:
    out = dict(base)
    removed = set(patch.get("remove_rows", []))
    out["rows"] = [r for r in out.get("rows", []) if r["key"] not in removed]
    removed_groups = set(patch.get("remove_groups", []))
    out["groups"] = [g for g in out.get("groups", []) if g["key"] not in removed_groups]
    for row in patch.get("rows", []):
        row = dict(row)
        after = row.pop("after", None)
        keys = [r["key"] for r in out["rows"]]
        pos = keys.index(after) + 1 if after in keys else len(keys)
        out["rows"].insert(pos, row)
    if "equations" in patch:
        replaced = {e["rule"] for e in patch["equations"]}
        out["equations"] = [e for e in out.get("equations", []) if e["rule"] not in replaced]
        out["equations"].extend(patch["equations"])
    for key in ("title", "section", "headers", "one_row"):
        if key in patch:
            out[key] = patch[key]
    return out


def _to_template(raw: dict) -> Template:
    tables = {}
    for t in raw.get("tables", []):
        columns = {c["key"]: ColumnSpec(key=c["key"], label=c["label"],
                                        aliases=tuple(c.get("aliases", ())),
                                        typos=tuple(c.get("typos", ())),
                                        signed=bool(c.get("signed", False)))
                   for c in t.get("columns", [])}
        all_columns = tuple(columns)
        rows = tuple(RowSpec(key=r["key"], label=r["label"],
                             columns=tuple(r.get("columns", all_columns)),
                             aliases=tuple(r.get("aliases", ())),
                             typos=tuple(r.get("typos", ())),
                             decimal=bool(r.get("decimal", False)))
                     for r in t.get("rows", []))
        groups = tuple(GroupSpec(key=g["key"], label=g["label"], aliases=tuple(g.get("aliases", ())),
                                 typos=tuple(g.get("typos", ())))
                       for g in t.get("groups", []))
        equations = tuple(Equation(rule=e["rule"], per=e["per"], lhs=tuple(e["lhs"]), rhs=tuple(e["rhs"]))
                          for e in t.get("equations", []))
        tables[t["name"]] = TableSpec(name=t["name"], title=t.get("title", t["name"]),
                                      section=int(t.get("section", 0)), columns=columns, rows=rows,
                                      headers=tuple(t.get("headers", ())), groups=groups,
                                      equations=equations, one_row=bool(t.get("one_row", False)))
    sections = tuple(SectionSpec(number=int(s["number"]), title=s["title"],
                                 keywords=tuple(s.get("keywords", ())))
                     for s in raw.get("sections", []))
    return Template(name=raw["name"], title=raw.get("title", raw["name"]),
                    first_year=int(raw.get("first_year", 0)), last_year=int(raw.get("last_year", 9999)),
                    sections=sections, tables=tables, plugin=raw.get("plugin", "gxrules"))
