"""Break one documented behaviour at a time and check that the suite notices.

Each mutation names a file, the function (or class) it lives in and a small regular expression
for the code to break. The script copies the checkout to a temporary folder (with the seeds
beside it, as in CI), applies one mutation there, runs the suite against the copy and reports:

  killed       a test failed: the behaviour is guarded
  SURVIVED     every test passed: nothing guards the behaviour
  not applied  the function or the snippet was not found (the code moved on: update the entry)
  error        the suite could not run (an exit code other than 0 or 1)

Usage:
  python tests/mutate.py                    # every mutation, the whole suite against each
  python tests/mutate.py --list             # the mutations and whether each still applies
  python tests/mutate.py crop-marks qr-quiet-zone     # only these
  python tests/mutate.py --tree ../old-checkout       # mutate another checkout (its own tests)
  python tests/mutate.py -- -k preview      # extra arguments for pytest after --

Exit status: 0 when every applied mutation was killed, 1 otherwise. Not run in CI (it runs
the suite once per mutation: several minutes).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("PRINCIPLES_SEEDS", ROOT.parent / "shared" / "seeds"))


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str  # the behaviour that breaks, as the README promises it
    file: str  # path in the checkout; a glob is allowed (exactly one file must match)
    scope: str | None  # the def or class the snippet lives in; None for the whole file
    find: str  # a regular expression (re.M); must match exactly once unless every is True
    replace: str  # re.sub replacement: \1 etc. refer to groups of find
    every: bool = False  # replace every match in the scope (at least one)
    first: bool = False  # replace only the first match in the scope (at least one)
    likely: tuple[str, ...] = ()  # test files run first (only the order changes: the whole suite runs)


MUTATIONS = [
    # --- the eleven behaviours issue 16 found unguarded -------------------------------------
    Mutation(
        "atomic-write",
        "atomic writes: write straight to the final file, no temporary file, no rename",
        "generator/build.py",
        "write_all",
        r"^(\s*)staged\.append\(\(_stage\(path, data\), path\)\)$",
        r"\1path.parent.mkdir(parents=True, exist_ok=True)\n\1path.write_bytes(data)",
        likely=("tests/test_safety.py",),
    ),
    Mutation(
        "crop-marks",
        "press PDFs without crop marks",
        "generator/pdf/render.py",
        "_draw_page",
        r"^(\s*)pen\.crop_marks\(\)$",
        r"\1pass",
        likely=("tests/test_press.py",),
    ),
    Mutation(
        "content-digest",
        "the manifest's content digest ignores what the content files say",
        "generator/content/load.py",
        "content_digest",
        r"path\.read_bytes\(\)",
        'b""',
        likely=("tests/test_safety.py", "tests/test_build.py"),
    ),
    Mutation(
        "card-bleed",
        "the ink panel on press card fronts stops at the trim",
        "generator/products/cards.py",
        "front",
        r"bleed=self\.o\.full_bleed",
        "bleed=False",
        likely=("tests/test_press.py",),
    ),
    Mutation(
        "multiline-fields",
        "fillable write-in boxes lose their multiline flag",
        "generator/pdf/fields.py",
        "add_fields",
        r"_MULTILINE_FLAG if item\.multiline else 0",
        "0",
        likely=("tests/test_press.py",),
    ),
    Mutation(
        "qr-quiet-zone",
        "the QR code's quiet zone shrinks from 4 modules to 1",
        "generator/products/qr.py",
        None,
        r"^QUIET_MODULES = 4\b",
        "QUIET_MODULES = 1",
        likely=("tests/test_press.py",),
    ),
    Mutation(
        "build-preflight",
        "build no longer runs the preflight on press files before writing",
        "generator/build.py",
        "build",
        r"^(\s*)preflight_press\(rendered, settings\.allow_low_res\)$",
        r"\1pass",
        likely=("tests/test_safety.py",),
    ),
    Mutation(
        "batch-partial",
        "a batch leaves .slug.partial-PID folders after a late failure",
        "generator/batch.py",
        "make_edition",
        r"^(\s*finally:\n\s*)shutil\.rmtree\(temp, ignore_errors=True\)",
        r"\1pass",
        likely=("tests/test_safety.py",),
    ),
    Mutation(
        "batch-old",
        # batches no longer swap whole folders (so no .old folder exists to leave behind): a re-make
        # replaces only the files its previous manifest lists; the guard that keeps the rest is broken
        "a batch re-make overwrites a file in the edition folder that it did not make",
        "generator/edition_files.py",
        "commit",
        r"if \(target / name\)\.exists\(\) and name not in previous:",
        "if False:",
        likely=("tests/test_safety.py",),
    ),
    Mutation(
        "practice-cut",
        "a practice's text cut off mid-sentence in content (its last three words dropped)",
        "content/principles/2-*.toml",
        None,
        r'^(\[\[practices\]\]\nid = "[^"\n]+"\ntext = "[^"\n]*?)(?: [^ "\n]+){3}"',
        r'\1"',
        first=True,
        likely=("tests/test_content.py",),
    ),
    Mutation(
        "blank-contact-sheet",
        "preview --sheet writes a blank contact sheet",
        "generator/check/preview.py",
        "contact_sheet",
        r"^(\s*)sheet\.paste\(image, \(x, y\)\)$",
        r"\1pass",
        likely=("tests/test_preview.py",),
    ),
    # --- behaviours the suite already guarded -------------------------------------------------
    Mutation(
        "trimbox",
        "press PDFs without a TrimBox",
        "generator/pdf/render.py",
        "_draw_page",
        r"^(\s*)canvas\.setTrimBox\(trim\)$",
        r"\1pass",
        likely=("tests/test_poster.py",),
    ),
    Mutation(
        "bleedbox",
        "press PDFs without a BleedBox",
        "generator/pdf/render.py",
        "_draw_page",
        r"^(\s*)canvas\.setBleedBox\(.*\)$",
        r"\1pass",
        likely=("tests/test_poster.py",),
    ),
    Mutation(
        "embedded-fonts",
        "text set in Helvetica, a font that is not embedded",
        "generator/pdf/render.py",
        "text",
        r"t\.setFont\(run\.font, run\.size\)",
        't.setFont("Helvetica", run.size)',
        likely=("tests/test_poster.py",),
    ),
    Mutation(
        "mirrored-backs",
        "card backs on sheets no longer mirrored for a long-edge flip",
        "generator/layout/impose.py",
        "mirrored",
        r"Rect\(sheet_w - slot\.right, slot\.y, slot\.w, slot\.h\)",
        "Rect(slot.x, slot.y, slot.w, slot.h)",
        likely=("tests/test_cards.py",),
    ),
    Mutation(
        "every-practice",
        "each moment's last practice missing from its cards",
        "generator/products/cards.py",
        "compose_cards",
        r"(entries = )(\[\(p, pr\) for p, pr in content\.practices_for\(moment\.id\) if ALWAYS not in pr\.moments\])",
        r"\1\2[:-1] or \2",
        likely=("tests/test_cards.py",),
    ),
    Mutation(
        "safe-slugs",
        "organisation names with dots and slashes make folder names that climb out of the output",
        "generator/organisations.py",
        "slugify",
        r'r"\[\^a-z0-9\]\+"',
        'r"[^a-z0-9./]+"',
        likely=("tests/test_batch.py",),
    ),
    Mutation(
        "fit",
        "text that does not fit is set anyway instead of raising FitError",
        "generator/layout/text.py",
        "fit_text",
        r"^(\s*)if scale <= min_scale \+ 1e-9:\n\s*break",
        r"\1if scale <= min_scale + 1e-9:\n\1    return set_lines(fonts, lines or [text], s, box.x, box.y, box.w, align, role, bookmark)",
        likely=("tests/test_fit.py",),
    ),
    Mutation(
        "qr-content",
        "the QR code encodes something other than the brand's address",
        "generator/products/qr.py",
        "qr_matrix",
        r"create_barcode\(url,",
        'create_barcode(url + "/x",',
        likely=("tests/test_brand.py",),
    ),
    Mutation(
        "overlay-mcids",
        "a batch's tagged tree counts the brand overlay's MCIDs as the page's own",
        "generator/pdf/render.py",
        "retag",
        r"len\(page\.items\) if number in overlaid else -1",
        "-1",
        likely=("tests/test_tagging.py",),
    ),
    Mutation(
        "overlay-fonts",
        "the overlay shares the template's fonts whatever codes its text shows",
        "generator/pdf/merge.py",
        "_shared_fonts",
        r"all\(their_codes\.get\(code\) == char for code, char in shown\.items\(\)\)",
        "True",
        likely=("tests/test_merge.py",),
    ),
]


def _scope_span(text: str, scope: str | None) -> tuple[int, int] | None:
    """Start and end of the def/class named scope (its indented block), or the whole text."""
    if scope is None:
        return 0, len(text)
    matches = list(re.finditer(rf"^([ \t]*)(?:async\s+)?(?:def|class)\s+{re.escape(scope)}\b", text, re.M))
    if len(matches) != 1:
        return None
    start, indent = matches[0].start(), len(matches[0].group(1))
    end = len(text)
    pos = text.index("\n", start) + 1 if "\n" in text[start:] else len(text)
    body_started = False
    for line in re.finditer(r"^.*$", text[pos:], re.M):
        content = line.group(0)
        if not content.strip():
            continue
        depth = len(content) - len(content.lstrip())
        if depth <= indent and body_started and not content.lstrip().startswith((")", "]", "}")):
            end = pos + line.start()
            break
        body_started = body_started or depth > indent
    return start, end


def apply(mutation: Mutation, tree: Path) -> str | None:
    """Apply the mutation inside tree; None if it applied, else why not."""
    files = sorted(tree.glob(mutation.file))
    if len(files) != 1:
        return f"{mutation.file}: {len(files)} files match"
    path = files[0]
    text = path.read_text(encoding="utf-8")
    span = _scope_span(text, mutation.scope)
    if span is None:
        return f"{path.relative_to(tree)}: no single def or class '{mutation.scope}'"
    start, end = span
    part = text[start:end]
    found = len(re.findall(mutation.find, part, re.M))
    if found == 0 or (found > 1 and not (mutation.every or mutation.first)):
        where = f"in {mutation.scope}" if mutation.scope else "in the file"
        return f"{path.relative_to(tree)}: the snippet matches {found} times {where}: {mutation.find}"
    changed = re.sub(mutation.find, mutation.replace, part, count=1 if mutation.first else 0, flags=re.M)
    path.write_text(text[:start] + changed + text[end:], encoding="utf-8")
    return None


def copy_tree(source: Path, into: Path) -> Path:
    """The checkout's files (tracked and untracked, not ignored) under into/checkout, seeds beside it."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=source, capture_output=True, check=True
    ).stdout.split(b"\0")
    checkout = into / "checkout"
    for name in filter(None, listed):
        src = source / os.fsdecode(name)
        if src.is_file():
            dst = checkout / os.fsdecode(name)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    shared = into / "shared"
    shared.mkdir()
    if SEEDS.is_dir():
        (shared / "seeds").symlink_to(SEEDS.resolve())
    return checkout


def copy_tree_files(source: Path, into: Path) -> None:
    """Undo a mutation: copy every file of source over into."""
    for src in source.rglob("*"):
        if src.is_file() and not src.is_symlink():
            dst = into / src.relative_to(source)
            shutil.copy2(src, dst)


def run_suite(checkout: Path, pytest_args: list[str], timeout: float, likely: tuple[str, ...] = ()) -> tuple[int, str]:
    """Run the suite against checkout; with `likely` files, run those first and the whole suite only
    if they all pass (a failure in them is a failure of the suite, found sooner)."""
    env = dict(os.environ, PYTHONPATH=str(checkout), PYTHONDONTWRITEBYTECODE="1", CI="1")
    env["PRINCIPLES_SEEDS"] = str(checkout.parent / "shared" / "seeds")
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args]
    first = [f for f in likely if (checkout / f).is_file()]
    runs = [command + first, command] if first and not any(a.endswith(".py") for a in pytest_args) else [command]
    for run in runs:
        try:
            done = subprocess.run(run, cwd=checkout, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return -1, "timed out"
        if done.returncode != 0:
            break
    return done.returncode, done.stdout + done.stderr


def first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" - ")[0][:110]
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="mutations to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutations and whether each applies")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to mutate (default: this one)")
    parser.add_argument("--show", action="store_true", help="print each mutation as a diff and stop")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--workers", default="2", help="pytest-xdist workers ('0' for none)")
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    extra = argv[split + 1 :]  # after --: extra pytest arguments
    if args.workers != "0":
        extra = ["-n", args.workers, *extra]
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    unknown = set(args.names) - {m.name for m in MUTATIONS}
    if unknown:
        parser.error(
            f"unknown mutation {', '.join(sorted(unknown))}: expected some of {', '.join(m.name for m in MUTATIONS)}"
        )
    tree = args.tree.resolve()

    if args.show:
        with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
            checkout = copy_tree(tree, Path(tmp))
            pristine = copy_tree(tree, Path(tmp) / "pristine")
            for m in chosen:
                why = apply(m, checkout)
                if why is not None:
                    print(f"# {m.name}: NOT APPLIED: {why}")
                    continue
                diff = subprocess.run(
                    ["diff", "-ru", str(pristine), str(checkout)], capture_output=True, text=True
                ).stdout
                print(f"# {m.name}: {m.what}\n{diff}")
                copy_tree_files(pristine, checkout)
        return 0

    if args.list:
        with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
            checkout = copy_tree(tree, Path(tmp))
            for m in chosen:
                why = apply(m, checkout)
                print(f"{m.name:20} {'applies' if why is None else 'NOT APPLIED: ' + why}")
        return 0

    if not args.no_baseline:
        with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
            start = time.perf_counter()
            rc, output = run_suite(copy_tree(tree, Path(tmp)), extra, args.timeout)
            print(
                f"{'baseline':20} {'passes' if rc == 0 else 'FAILS'} ({time.perf_counter() - start:.0f} s)", flush=True
            )
            if rc != 0:
                print(output[-3000:])
                return 1

    results: dict[str, list[str]] = {"killed": [], "SURVIVED": [], "not applied": [], "error": []}
    for m in chosen:
        with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
            checkout = copy_tree(tree, Path(tmp))
            why = apply(m, checkout)
            if why is not None:
                results["not applied"].append(m.name)
                print(f"{m.name:20} not applied  {why}", flush=True)
                continue
            start = time.perf_counter()
            rc, output = run_suite(checkout, extra, args.timeout, m.likely)
            seconds = time.perf_counter() - start
            failed = first_failure(output)
            # -x under pytest-xdist ends with exit 2 (interrupted) after the first failure
            status = "SURVIVED" if rc == 0 else "killed" if rc == 1 or (rc == 2 and failed) else "error"
            results[status].append(m.name)
            detail = failed if status == "killed" else (m.what if rc == 0 else f"exit {rc}: {output[-300:]!r}")
            print(f"{m.name:20} {status:12} {seconds:4.0f} s  {detail}", flush=True)
    print(
        f"\n{len(results['killed'])} killed, {len(results['SURVIVED'])} survived, "
        f"{len(results['not applied'])} not applied, {len(results['error'])} errors "
        f"of {len(chosen)} mutations"
    )
    if results["SURVIVED"]:
        print("survivors: " + ", ".join(results["SURVIVED"]))
    return 0 if not (results["SURVIVED"] or results["not applied"] or results["error"]) else 1


if __name__ == "__main__":
    sys.exit(main())
