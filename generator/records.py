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


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as `@dataclass(frozen=True)` would make it: same fields, equality, hash, repr and
    frozen attributes."""
    for name in ("__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # a dataclass since the line above
    scope: dict[str, object] = {"_MISSING": MISSING, "_set": object.__setattr__}
    params, body = [], []
    for f in fields:
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: records take init fields only")
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
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")

    # only __init__ is compiled (it is the hot one: plans make thousands of items); the rest read
    # the fields through one attrgetter, or are the same for every record
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass")
    made: dict[str, Any] = {}
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), scope, made)  # noqa: S102 - our own source
    methods = {"__init__": made["__init__"], "__setattr__": _setattr, "__delattr__": _delattr}
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
