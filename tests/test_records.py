"""generator.records.frozen makes the class `dataclass(frozen=True)` would, with one compile."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from generator.records import frozen


def _pair():
    """The same class made by both decorators."""

    def body(ns):
        ns["__annotations__"] = {"a": "int", "b": "str", "c": "float", "d": "list"}
        ns["b"] = "b"
        ns["c"] = dataclasses.field(default=1.5, compare=False, repr=False)
        ns["d"] = dataclasses.field(default_factory=list, hash=False)

        def __post_init__(self):  # noqa: N807
            self.d.append("made")

        ns["__post_init__"] = __post_init__

    made = []
    for decorate in (dataclasses.dataclass(frozen=True), frozen):
        made.append(decorate(type("Thing", (), _namespace(body))))
    return made


def _namespace(body) -> dict:
    ns: dict = {"__module__": __name__, "__qualname__": "Thing"}
    body(ns)
    return ns


def test_a_record_behaves_as_a_frozen_dataclass():
    for cls in _pair():
        thing = cls(1)
        assert (thing.a, thing.b, thing.c, thing.d) == (1, "b", 1.5, ["made"])
        assert repr(thing) == "Thing(a=1, b='b', d=['made'])"
        assert thing == cls(1, c=9.0) and thing != cls(2) and thing.__eq__(object()) is NotImplemented
        assert hash(thing) == hash((1, "b"))  # c is not compared and d is not hashed: neither counts
        assert [f.name for f in dataclasses.fields(cls)] == ["a", "b", "c", "d"]
        assert dataclasses.replace(thing, a=3).a == 3 and dataclasses.is_dataclass(thing)
        with pytest.raises(dataclasses.FrozenInstanceError):
            thing.a = 2
        with pytest.raises(dataclasses.FrozenInstanceError):
            del thing.a
        with pytest.raises(TypeError):
            cls()


def test_hash_and_equality_match_the_dataclass_for_hashable_fields():
    plain = dataclasses.dataclass(frozen=True)(type("P", (), {"__annotations__": {"x": "int", "y": "tuple"}}))
    fast = frozen(type("P", (), {"__annotations__": {"x": "int", "y": "tuple"}}))
    assert hash(fast(1, (2, 3))) == hash(plain(1, (2, 3))) == hash((1, (2, 3)))
    assert {fast(1, ()): "a"}[fast(1, ())] == "a"


def test_what_records_do_not_support_is_refused():
    with pytest.raises(TypeError, match="init fields only"):
        frozen(type("K", (), {"__annotations__": {"x": "int"}, "x": dataclasses.field(kw_only=True)}))
    with pytest.raises(TypeError, match="__setattr__"):
        frozen(type("S", (), {"__annotations__": {"x": "int"}, "__setattr__": lambda self, n, v: None}))


def test_records_cross_to_worker_processes():
    """build and batch hand plans to worker processes: records pickle and come back equal."""
    from generator.units import Rect

    rect = Rect(1.0, 2.0, 3.0, 4.0)
    assert pickle.loads(pickle.dumps(rect)) == rect


def test_records_of_one_size_share_a_compiled_init_and_behave_alike():
    """Records without a default_factory take their __init__ from one compiled for their number
    of fields: names, defaults, keywords, errors and __post_init__ are still each class's own."""

    def make(decorate, post_init):
        ns: dict = {"__module__": __name__, "__qualname__": "Pair"}
        ns["__annotations__"] = {"left": "int", "right": "str", "note": "str"}
        ns["note"] = "none"
        if post_init:

            def __post_init__(self):  # noqa: N807
                object.__setattr__(self, "note", self.note.upper())

            ns["__post_init__"] = __post_init__
        return decorate(type("Pair", (), ns))

    for post_init in (False, True):
        ours, theirs = make(frozen, post_init), make(dataclasses.dataclass(frozen=True), post_init)
        for args, kwargs in (((1, "a"), {}), ((1,), {"right": "b", "note": "x"}), ((), {"left": 2, "right": "c"})):
            a, b = ours(*args, **kwargs), theirs(*args, **kwargs)
            assert (a.left, a.right, a.note) == (b.left, b.right, b.note)
            assert repr(a) == repr(b)
        with pytest.raises(TypeError, match="'right'"):
            ours(1)
        with pytest.raises(TypeError, match="'colour'"):
            ours(1, "a", colour="red")
    other = make(frozen, False)
    assert other.__init__.__code__.co_varnames[:4] == ("self", "left", "right", "note")
    three = frozen(type("Three", (), {"__module__": __name__, "__annotations__": {"x": "int", "y": "int", "z": "int"}}))
    assert three(1, 2, 3).z == 3 and three.__init__.__code__.co_code == other.__init__.__code__.co_code
