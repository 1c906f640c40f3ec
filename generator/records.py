"""Frozen records: frozen dataclasses that compile one method instead of six.

Python 3.11's `dataclass(frozen=True)` compiles each method it writes (__init__, __repr__, __eq__,
__hash__, __setattr__, __delattr__) on its own: about 0.45 ms a class, and making one poster
imports some fifty of them (a sixth of the command's time). `frozen` lets dataclasses lay out the
fields, so `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` work as ever, and writes
the same six methods compiling only __init__ (about 0.1 ms a class).
What it supports is what this code uses: defaults, `field(default_factory=..., repr=...,
compare=..., hash=...)` and `__post_init__`; anything else is refused when the class is made.
"""

from __future__ import annotations

import dataclasses
import operator
import types
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


def _setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getter(names: list[str]) -> Callable[[Any], tuple]:
    """The fields' values as a tuple, as dataclass's methods compare and hash them."""
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda record: (one(record),)
    return operator.attrgetter(*names) if names else (lambda record: ())


_TEMPLATES: dict[tuple[int, bool], types.CodeType] = {}  # (fields, calls __post_init__) -> an __init__'s code


def _init(cls: type, fields: tuple[dataclasses.Field, ...], post_init: bool) -> Callable:
    """The class's __init__: each field's value set in turn, then __post_init__ where it has one.

    Compiling it is most of the cost of making a record (70 us, 3 ms of a poster's start-up), and
    records of one size differ only in names: so one __init__ is compiled for each number of fields,
    with placeholder names, and a class's own takes its names from it (CodeType.replace, 3 us).
    Only fields with a default_factory need their own source."""
    names = [f.name for f in fields]
    defaults = []
    for f in fields:
        if f.default_factory is not MISSING:
            return _compiled(cls, fields, post_init)
        if f.default is not MISSING:
            defaults.append(f.default)
        elif defaults:
            raise TypeError(f"{cls.__name__}.{f.name}: a field without a default follows one with a default")
    key = (len(names), post_init)
    template = _TEMPLATES.get(key)
    if template is None:
        placeholders = [f"_f{i}" for i in range(len(names))]
        body = [f"  _set(self, {p!r}, {p})" for p in placeholders] + (["  self.__post_init__()"] if post_init else [])
        source = f"def __init__(self, {', '.join(placeholders)}):\n" + ("\n".join(body) or "  pass")
        made: dict[str, Any] = {}
        exec(compile(source, "<record>", "exec"), {"_set": object.__setattr__}, made)  # noqa: S102 - our own source
        template = _TEMPLATES[key] = made["__init__"].__code__
    renamed = dict(zip([f"_f{i}" for i in range(len(names))], names, strict=True))
    code = template.replace(
        co_varnames=tuple(renamed.get(v, v) for v in template.co_varnames),
        co_consts=tuple(renamed.get(c, c) if isinstance(c, str) else c for c in template.co_consts),
        co_filename=f"<record {cls.__qualname__}>",
        co_qualname=f"{cls.__qualname__}.__init__",
    )
    return types.FunctionType(code, {"_set": object.__setattr__}, "__init__", tuple(defaults) or None)


def _compiled(cls: type, fields: tuple[dataclasses.Field, ...], post_init: bool) -> Callable:
    """__init__ from its own source: for records with a default_factory."""
    scope: dict[str, object] = {"_MISSING": MISSING, "_set": object.__setattr__}
    params, body = [], []
    for f in fields:
        if f.default is not MISSING:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            value = f.name
        elif f.default_factory is not MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            params.append(f.name)
            value = f.name
        body.append(f"  _set(self, {f.name!r}, {value})")
    if post_init:
        body.append("  self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass")
    made: dict[str, Any] = {}
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), scope, made)  # noqa: S102 - our own source
    return made["__init__"]


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as `@dataclass(frozen=True)` would make it: same fields, equality, hash, repr and
    frozen attributes."""
    for name in ("__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # a dataclass since the line above
    for f in fields:
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: records take init fields only")
    init = _init(cls, fields, hasattr(cls, "__post_init__"))
    methods = {"__init__": init, "__setattr__": _setattr, "__delattr__": _delattr}
    compared = _getter([f.name for f in fields if f.compare])
    hashed = _getter([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in fields if f.repr]

    def __eq__(self, other):  # noqa: N807
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self):  # noqa: N807
        return hash(hashed(self))

    def __repr__(self):  # noqa: N807
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"

    methods.update(__eq__=__eq__, __hash__=__hash__, __repr__=__repr__)
    for name, method in methods.items():
        if name in ("__repr__", "__eq__", "__hash__") and cls.__dict__.get(name) is not None:
            continue  # the class's own, as dataclass keeps it
        if name in ("__init__", "__eq__", "__hash__", "__repr__"):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls
